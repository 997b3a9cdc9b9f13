"""Who states a figure: reporting verbs, "according to", pronouns and names named before.

:func:`claimant` reads one sentence's tokens (a :class:`~armsledger.claims.view.View`) and the
text's :class:`~armsledger.claims.attach.Memory` (people and the agency named before);
:func:`note_people` remembers the speakers of sentences that state no figure. Names are shown
as the text gives them, a person with the state agency of the sentence in brackets
(``Seok Jong-gun (DAPA)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from armsledger.claims import lexicon as lx
from armsledger.claims.quantities import Quantity
from armsledger.claims.view import View

if TYPE_CHECKING:
    from armsledger.claims.attach import Memory

__all__ = ["claimant", "note_people"]


def claimant(v: View, q: Quantity, mem: Memory, outlet: str | None) -> tuple[str, str]:
    """Who states the figure, and how that was found."""
    low, text = v.low, v.text
    n = len(low)
    for k in range(n - 1):
        if low[k] == "according" and low[k + 1] == "to":
            name = _name_after(v, k + 2)
            if name:
                return _known(mem, name), "according to"
    for k in range(n):
        if low[k] not in lx.REPORTING_VERBS:
            continue
        name = _name_before(v, k)
        if name in ("he", "she"):
            if mem.people:
                return mem.people[-1], "pronoun"
            continue
        if name in ("it", "they", "we", "i"):
            continue
        if name and name.startswith("the ") and name.split()[-1] in lx.ORG_HEADS | {
                "agency", "ministry"} and mem.agency:
            return mem.agency, "the agency named before"
        if not name:
            name = _name_after(v, k + 1)
        if name:
            name = _known(mem, _with_org(v, _strip_titles(name)))
            _remember(mem, name)
            return name, "reporting verb"
    for t in text:
        if t in lx.AGENCIES and t not in ("Kremlin",):
            return lx.AGENCIES[t][1], "agency named"
    if v.has(lx.REPORTING_VERBS, 0, n) is not None and mem.agency and v.phrase(
            ("the agency", "the ministry", "the administration", "the service"), 0, n) \
            is not None:
        return mem.agency, "the agency named before"
    if mem.claimant:
        return mem.claimant, "carried"
    return outlet or "unknown", "outlet" if outlet else "unknown"


def note_people(v: View, mem: Memory) -> None:
    """Remember who speaks in a sentence without figures (so "according to Kim" later is the
    person named in full here)."""
    for k in range(len(v.low)):
        if v.low[k] in lx.REPORTING_VERBS:
            name = _name_before(v, k)
            if name and name not in _PRONOUNS:
                _remember(mem, _known(mem, _with_org(v, _strip_titles(name))))


def _known(mem: Memory, name: str) -> str:
    """A family name alone ("According to Kim") is the person named in full before."""
    base = name.removesuffix("'s")
    if " " in base:
        return name
    for person in reversed(mem.people):
        if base in person.replace("(", " ").split():
            return person
    return name


def _remember(mem: Memory, name: str) -> None:
    if any(w[:1].isupper() for w in name.split()) and name not in lx.AGENCIES:
        mem.people.append(name)


def _is_name_token(t: str) -> bool:
    return bool(t) and (t[0].isupper() or t in ("of", "for", "the", "and", "de", "(", ")",
                                                  "'s", "-"))


_PRONOUNS = frozenset("he she it they we i".split())


def _name_before(v: View, k: int) -> str | None:
    if k > 0 and v.low[k - 1] in _PRONOUNS:
        return v.low[k - 1]
    if k > 2 and v.low[k - 2] == "'s" and v.low[k - 1] in lx.ORG_HEADS | {
            "spokesman", "spokeswoman", "spokesperson"}:
        k -= 2  # "Kim's office said": Kim
    j = k
    while j > 0 and (_is_name_token(v.text[j - 1]) or j > 1 and v.text[j - 2] == "-") \
            and k - j < 12:
        j -= 1
    while j < k and v.low[j] in ("the", "of", "and", "'s", ")", "-"):
        j += 1
    if j < k:
        return _tidy(v.text[j:k])
    if k > 0 and v.low[k - 1] in ("he", "she", "it", "they"):
        return v.low[k - 1]
    if k > 1 and v.low[k - 2] in ("the", "a") and v.low[k - 1] in lx.ORG_HEADS | frozenset(
            {"minister", "ministry", "agency", "report", "data", "institute", "official",
             "officials", "spokesman", "company"}):
        return f"the {v.low[k - 1]}"
    return None


def _strip_titles(name: str) -> str:
    """``President Vladimir Putin`` -> ``Vladimir Putin``; ``Defense Acquisition Program
    Administration (DAPA) chief Seok Jong-gun`` -> ``Seok Jong-gun (DAPA)``; an organisation
    alone stays whole."""
    words = name.split()
    titles = [i for i, w in enumerate(words) if w.lower() in lx.TITLE_WORDS]
    if titles and len(words) - titles[-1] - 1 >= 2:
        person = " ".join(words[titles[-1] + 1:])
        org = " ".join(words[:titles[0]])
        acr = [w.strip("()") for w in org.split() if w.startswith("(") and w.endswith(")")]
        if acr:
            return f"{person} ({acr[0]})"
        return f"{person} ({org})" if org else person
    if any(w.lower() in lx.ORG_HEADS for w in words):
        return name
    while len(words) > 2 and words[0].lower().strip(",") in lx.TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


def _with_org(v: View, name: str) -> str:
    """A person's name with the state agency named in the same sentence, in brackets."""
    words = name.split()
    if len(words) < 2 or any(w.lower() in lx.ORG_HEADS for w in words) or name in lx.AGENCIES:
        return name
    for t in v.text:
        if t in lx.AGENCIES and lx.AGENCIES[t][0]:
            short = t if t.isupper() or len(t) > 5 else lx.AGENCIES[t][1]
            return f"{name} ({short})"
    return name


def _name_after(v: View, k: int) -> str | None:
    j = k
    while j < len(v.text) and v.low[j] in ("the", "a", "data", "figures", "from"):
        j += 1
    e = j
    while e < len(v.text) and _is_name_token(v.text[e]) and e - j < 14:
        if v.text[e] == "," or (v.low[e] in ("the", "and") and e == j):
            break
        e += 1
    while e > j and v.low[e - 1] in ("the", "of", "and", "for", "(", "-"):
        e -= 1
    return _tidy(v.text[j:e]) if e > j else None


def _tidy(words: list[str]) -> str:
    s = " ".join(words).replace(" 's", "'s").replace("( ", "(").replace(" )", ")")
    return s.replace(" - ", "-").strip()
