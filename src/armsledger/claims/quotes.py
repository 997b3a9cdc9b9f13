"""A claim's quote in its context: the words around it in the text it was read from.

:func:`quote_context` cuts the sentence (or up to ``width`` characters either side, at word
boundaries) around a quote's span; faces show ``quote`` highlighted between ``before`` and
``after`` (Markdown bold, HTML ``<mark>``).
"""

from __future__ import annotations

import re

from armsledger.results import Model

__all__ = ["QuoteContext", "quote_context"]

_END = re.compile(r"[.!?]\s|\n")


class QuoteContext(Model):
    before: str
    quote: str
    after: str

    def markdown(self) -> str:
        quote = self.quote.replace("*", "\\*")
        return f"{self.before}**{quote}**{self.after}".replace("|", "\\|")


def quote_context(text: str, span: tuple[int, int] | list[int] | None,
                  width: int = 240) -> QuoteContext | None:
    """The sentence around ``text[span[0]:span[1]]``; None without a usable span."""
    if not span or not text:
        return None
    a, b = int(span[0]), int(span[1])
    if not 0 <= a < b <= len(text):
        return None
    lo = max(0, a - width)
    starts = [m.end() for m in _END.finditer(text, lo, a)]
    start = starts[-1] if starts else lo
    m = _END.search(text, b, min(len(text), b + width))
    end = m.start() + 1 if m else min(len(text), b + width)
    before, after = text[start:a], text[b:end]
    if start == lo and lo > 0:
        before = "…" + before.split(" ", 1)[-1]
    if not m and end < len(text):
        after = after.rsplit(" ", 1)[0] + "…"
    return QuoteContext(before=" ".join(before.split()) + (" " if before[-1:].isspace()
                                                            else ""),
                        quote=text[a:b], after=(" " if after[:1].isspace() else "")
                        + " ".join(after.split()))
