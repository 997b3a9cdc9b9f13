"""What a kept quantity is about: its metric, exporter and period, and its quote, on tokens.

Each is looked for in the quantity's chunk (comma-bounded), then its clause, then its
sentence, and otherwise comes from the claims before it in the text (:class:`Memory`). Every
choice returns how it was made (``chunk``, ``clause``, ``sentence``, ``carried``,
``default``), which ``claims extract --explain`` shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from armsledger.claims import lexicon as lx
from armsledger.claims import periods as pr
from armsledger.claims.quantities import Quantity
from armsledger.claims.view import Place, View

__all__ = ["Memory", "metric", "period", "quote_span", "subject"]


@dataclass(slots=True)
class Memory:
    """What earlier claims leave for later ones."""

    default_subject: str | None = None
    subject: str | None = None
    subject_para: int = -1
    metric: str | None = None
    metric_sentence: int = -9
    last_metric: str | None = None
    para_ranking: int = -1
    """The last paragraph with a world share or rank claim (a ranking of exporters)."""
    focus: pr.Period | None = None
    document_period: pr.Period | None = None
    """The period the text names most often (for figures before any period is named)."""
    claimant: str | None = None
    people: list[str] = field(default_factory=list)
    agency: str | None = None
    """The state agency named last (what "the agency" or "the ministry" refers to)."""


_RECIPIENT_BEFORE = frozenset(
    "to into for with in including like as than behind against towards toward over "
    "overtook overtaking overtaken surpassed surpassing outpaced replaced displaced versus vs "
    "vs. among on at".split())
_BUYER_NOUNS = frozenset({"recipient", "customer", "buyer", "importer", "destination",
                          "client", "recipients", "customers", "buyers", "importers"})
_NOT_EXPORTER_AFTER = frozenset(
    "army forces navy troops soldiers customers buyers clients importers demand military's "
    "officials war wars conflict crisis invasion front frontline".split())


def usable(v: View, c: Place) -> bool:
    """A country mention that can name the exporter (not a recipient, buyer or rival)."""
    if c.what is None:
        return False
    low = v.low
    prev = low[c.a - 1] if c.a > 0 else ""
    prev2 = low[c.a - 2] if c.a > 1 else ""
    if prev == "the" and c.a > 1:
        prev, prev2 = prev2, low[c.a - 3] if c.a > 2 else ""
    nxt = low[c.b] if c.b < len(low) else ""
    if nxt in _NOT_EXPORTER_AFTER or nxt in ("bought", "buys", "imported", "imports",
                                             "received", "purchased", "acquired"):
        return False
    if nxt == "'s" and c.b + 1 < len(low) and low[c.b + 1] in (
            "order", "orders", "purchase", "purchases", "contract", "deal", "imports",
            "procurement", "acquisition") and (low[c.b + 2] if c.b + 2 < len(low) else "") \
            not in ("book", "books", "portfolio", "backlog", "intake"):
        return False  # "Lebanon's order": a buyer (not "Russia's order book")
    if nxt in ("was", "is", "became", "remains", "remained", "has", "were") and any(
            w in _BUYER_NOUNS for w in low[c.b:c.b + 5]) and not any(
            w in lx.EXPORT_WORDS for w in low[c.b:c.b + 5]):
        return False
    if any(w in _BUYER_NOUNS for w in low[max(0, c.a - 4):c.a]):
        return False
    if prev == "from":
        return prev2 in ("exports", "arms", "weapons", "deliveries", "equipment", "supplies",
                         "transfers") or any(w in lx.EXPORT_WORDS or w == "export"
                                             for w in low[max(0, c.a - 6):c.a - 1])
    if prev == "by":
        return True
    if _in_recipient_list(v, c):
        return False
    if prev in ("and", "or", "plus"):
        earlier = [d for d in v.countries if d.b <= c.a and c.a - d.b <= 4]
        return usable(v, earlier[-1]) if earlier else True
    if prev == "with" and nxt in ("accounting", "accounted", "at", "on", "taking", "holding"):
        return True  # "with Russia accounting for 27 percent"
    if prev in _RECIPIENT_BEFORE:
        after = low[c.b + 1] if c.b + 1 < len(low) else ""
        return nxt in lx.ARMS_WORDS or nxt in lx.EXPORT_WORDS or nxt == "'s" and \
            prev not in ("to", "into") and (after in lx.ARMS_WORDS or after in lx.EXPORT_WORDS)
    return True


def each_of(v: View, q: Quantity) -> list[str]:
    """``China, France and Germany each account for five percent``, ``Germany and Israel with
    $9bn each``: the states a figure stated once with *each* belongs to (none otherwise)."""
    la, lb = v.sent.clause_of(q.a)
    if v.has(frozenset({"each"}), max(la, q.a - 4), min(lb, q.b + 2)) is None:
        return []
    listed = [c for c in v.countries if c.what and la <= c.a < q.a and usable(v, c)]
    if len(listed) < 2:
        return []
    last = listed[-1]
    group = [last]
    for c in reversed(listed[:-1]):
        between = v.low[c.b:group[0].a]
        if all(w in (",", "and", "the") for w in between):
            group.insert(0, c)
    return [c.what for c in group if c.what] if len(group) >= 2 else []


def currency_word(v: View, c: Place) -> bool:
    """``$212.6 million US``, ``US$``, ``U.S. dollars``: a currency, not a state."""
    if v.text[c.a] not in ("US", "U.S.", "USA"):
        return False
    nxt = v.low[c.b] if c.b < len(v.low) else ""
    prev = v.toks[c.a - 1]._.qrole if c.a > 0 else ""
    return nxt in ("dollars", "dollar", "$") or prev in ("SCALE", "NUM")


_LIST_WORDS = frozenset("and or plus , the / - 's members countries states partners allies "
                        "nations equivalent".split())


def _in_recipient_list(v: View, c: Place) -> bool:
    """``licences for EU members plus Ukraine and the Republic of Korea``: a state listed
    after a word that introduces recipients is a recipient."""
    low, text = v.low, v.text
    for k in range(c.a - 1, max(-1, c.a - 10), -1):
        if low[k] == "to" and k > 0 and low[k - 1] == "according":
            return False
        if low[k] in ("to", "for", "into", "including"):
            return k < c.a - 1 and low[k + 1] not in lx.ARMS_WORDS
        if not (text[k][:1].isupper() or low[k] in _LIST_WORDS):
            return False
    return False


def subject(v: View, q: Quantity, mem: Memory) -> tuple[str | None, int | None, str]:
    """The exporter's ISO3, where it is named (token) and how it was chosen."""
    ca, cb = v.sent.chunk_of(q.a)
    la, lb = v.sent.clause_of(q.a)
    ok = [c for c in v.countries if usable(v, c) and not currency_word(v, c)]
    inside = [c for c in v.countries if c.what and q.a <= c.a < q.b and not currency_word(v, c)]
    if inside:
        return inside[0].what, inside[0].a, "named in the figure"
    if q.kind == "rank" and q.a > 1 and v.low[q.a - 1] == "," and v.low[q.a] == "the":
        appos = [c for c in v.countries if c.what and c.b == q.a - 1]
        if appos:  # "behind France and the USA, the world's largest weapons supplier"
            return appos[0].what, appos[0].a, "apposition"
    if q.kind in ("percent", "rank") and q.b + 1 < len(v.low) and v.low[q.b] == "for":
        owner = [c for c in v.countries if c.what and q.b < c.a <= q.b + 2]
        if owner:
            return owner[0].what, owner[0].a, "for: the figure's owner"
    if q.a > 0 and v.low[q.a - 1] == "(":
        near = [c for c in v.countries if c.what and c.b == q.a - 1]
        if near:
            return near[-1].what, near[-1].a, "listed"
    for (a, b), how in (((ca, q.a), "chunk"), ((la, q.a), "clause")):
        inside = [c for c in ok if a <= c.a < b]
        if inside:
            return inside[-1].what, inside[-1].a, how
    if la > 1 and v.low[la - 1] in ("which", "who", "whose") or \
            la > 0 and v.low[la] in ("which", "who", "whose"):
        k = la - 1 if v.low[la - 1] in ("which", "who", "whose") else la
        ante = [c for c in v.countries if c.what and 0 < k - c.b <= 1]
        if ante:
            return ante[-1].what, ante[-1].a, "antecedent"
    after = [c for c in ok if q.b <= c.a < min(lb, q.b + 8)
             and not any(w in ("and", "while", "but") for w in v.low[q.b:c.a])]
    its = v.has(frozenset({"its", "their", "it"}), la, after[0].a if after else lb)
    if its is not None and mem.subject:
        return mem.subject, None, "its: carried"
    earlier = [c for c in ok if c.a < la and v.text[la - 1] == '"']
    if earlier:  # '"the United States has taken a firm lead" with 31 percent'
        return earlier[-1].what, earlier[-1].a, "before the quotation"
    if after:
        return after[0].what, after[0].a, "clause"
    if ok:
        return ok[0].what, ok[0].a, "sentence"
    if mem.subject and mem.subject_para >= v.sent.para - 1:
        return mem.subject, None, "carried"
    if mem.default_subject:
        return mem.default_subject, None, "default"
    return mem.subject, None, "carried"


def metric(v: View, q: Quantity, mem: Memory,
           others: list[Quantity] | None = None) -> tuple[str | None, Place | None, str]:
    """The claim's metric, the cue that decided it, and how (or None: not a claim)."""
    la, lb = v.sent.clause_of(q.a)
    ca, cb = v.sent.chunk_of(q.a)
    sa, sb = 0, len(v.low)
    if q.kind == "rank":
        if q.b < len(v.low) and v.low[q.b] in ("time", "times", "year", "ever", "quarter",
                                               "half", "step", "phase"):
            return None, None, "an ordinal of something else"
        k = v.has(lx.EXPORT_WORDS | lx.ARMS_WORDS, q.a, min(len(v.low), q.b + 5))
        if k is None:
            k = v.has(lx.EXPORT_WORDS, sa, sb)
        if k is not None:
            return "rank", None, "exporter"
        if mem.last_metric in ("global_share", "rank") or mem.para_ranking == v.sent.para:
            return "rank", None, "carried: a ranking of exporters"
        return None, None, "no exporter word"
    if q.kind == "percent":
        glob = v.has(lx.GLOBAL_WORDS, la, lb)
        if glob is None:
            from armsledger.claims.rules import total_arms

            glob = la if total_arms(v, la, lb) else None
        exp = v.has(lx.EXPORT_WORDS | frozenset({"exported", "suppliers", "market"}), la, lb)
        if exp is not None and glob is not None:
            return "global_share", None, "share of world exports"
        listed = q.a > 0 and v.low[q.a - 1] in ("(", "with", "at", "on") and any(
            c.what for c in v.countries if 0 <= q.a - c.b <= 3 or c.b == q.a - 1)
        if mem.last_metric == "global_share" and v.has(frozenset({"figure", "share"}), la,
                                                       q.a) is not None:
            return "global_share", None, "the share named before"  # "that figure fell to"
        if (mem.last_metric in ("global_share", "rank") or mem.para_ranking == v.sent.para) \
                and (listed or v.has(
                lx.SHARE_WORDS | frozenset({"place", "position", "with"}), la, q.a) is not None):
            return "global_share", None, "listed after world shares"
        return None, None, "a percentage of something else"
    if q.kind == "projects":
        return "cooperation_projects", None, "projects"
    if q.kind == "countries":
        noun = next((v.low[k] for k in range(q.a, q.b) if v.low[k] in lx.COUNTRY_NOUNS), "")
        if noun == "partners":
            return "cooperation_partner_states", None, "partners"
        proj = any(o for o in range(0, q.a) if v.low[o] in lx.PROJECT_NOUNS)
        if proj and v.has(frozenset({"across", "in", "with"}), max(0, q.a - 3), q.a) is not None:
            return "cooperation_partner_states", None, "states of the projects"
        if noun in ("customers", "clients", "buyers", "recipients", "markets", "destinations"):
            return "recipient_countries", None, noun
        if any(w.startswith(("cooperat", "co-operat", "partner")) for w in
               v.low[max(la, q.a - 4):q.a]):
            return "cooperation_partner_states", None, "cooperated with"
        if v.has(lx.BUYER_VERB_WORDS, la, lb) is not None:
            return "recipient_countries", None, "buyers"
        if v.has(lx.COOPERATION_WORDS, la, lb) is not None:
            return "cooperation_partner_states", None, "cooperation"
        return None, None, "a count of states of something else"
    order = list(lx.METRIC_CUES)
    others = [o for o in others or [] if o is not q]

    def dist(c: Place) -> int:
        return c.a - q.b if c.a >= q.b else q.a - c.b

    for (a, b), how in (((ca, cb), "chunk"), ((la, lb), "clause"), ((sa, sb), "sentence")):
        cues = [c for c in v.cues if a <= c.a < b and not (q.a <= c.a < q.b)]
        cues = [c for c in cues if not any(o.a <= c.a < o.b for o in others)]
        if cues and how != "chunk" and _compared(v, q) and mem.metric:
            return mem.metric, None, "compared with the figure before"
        if cues:
            best = min(cues, key=lambda c: (dist(c), order.index(c.what or "")))
            lic = [c for c in cues if c.what == "licences_value"]
            last = max((o.b for o in others if o.b <= q.a), default=0)
            book = [c for c in cues if c.what == "order_book" and last <= c.a < q.a]
            if how == "chunk" and book:
                best = book[-1]  # "the order book of contracts ... stood at": the book
            elif how == "chunk" and best.what == "export_value" and lic:
                # "approved the export of goods worth": the licence, not the export
                best = lic[0]
            return best.what, best, how
    if mem.metric and (v.has(lx.ARMS_WORDS, sa, sb) is not None
                       or mem.metric_sentence >= v.sent.index - 1
                       or v.has(_ANAPHORA, sa, sb) is not None):
        return mem.metric, None, "carried"
    return None, None, "no export, order or licence word"


def period(v: View, q: Quantity, others: list[Quantity], subject_: str | None,
           published: date | None, mem: Memory) -> tuple[pr.Period | None, Place | None, str]:
    """The claim's period, the words that gave it (None when carried) and how."""
    per, place, how = _period(v, q, others, subject_, published, mem)
    if q.pair == 1 and per and how in ("carried", "the text's period", "sentence") and not any(
            p.period and q.a - 4 <= p.a < q.a for p in v.periods):
        # "dropped from second to third place" with one period named: the first figure is of
        # the period before (the same length: the previous year, or SIPRI's previous five)
        n = int(per[1][:4]) - int(per[0][:4]) + 1
        return pr.shift(per, -n), place, "the period before (from ... to)"
    return per, place, how


def _period(v: View, q: Quantity, others: list[Quantity], subject_: str | None,
            published: date | None, mem: Memory) -> tuple[pr.Period | None, Place | None, str]:
    ca, cb = v.sent.chunk_of(q.a)
    la, lb = v.sent.clause_of(q.a)
    same = [o for o in others if o is not q and o.kind == q.kind and o.pair == 0]
    nxt = min((o.a for o in others if o is not q and o.a >= q.b), default=len(v.low))
    prv = max((o.b for o in same if o.b <= q.a), default=0)
    cands = [p for p in v.periods if p.period and p.period.kind not in ("said", "since")]

    def pick(a: int, b: int, after: bool, own_chunk: bool = True) -> Place | None:
        if after:
            ps = [p for p in cands if max(a, q.b) <= p.a < min(b, nxt)
                  and (own_chunk or not baseline(v, p))]
            return ps[0] if ps else None
        ps = [p for p in cands if max(a, prv) <= p.a and p.b <= min(b, q.a)
              and not (prv and p.b < q.a and v.low[p.b] == "to")  # "from X in P to Y"
              and not baseline(v, p)]
        return ps[-1] if ps else None

    if la > 1 and v.low[la] == "when" and v.low[la - 1] == ",":
        named = [p for p in cands if p.b == la - 1]
        if named and named[0].period is not None:  # "compared to 2022, when ... amounted to"
            per0 = named[0].period.resolve(subject_, published, mem.focus)
            if per0:
                return per0, named[0], "the period the 'when' clause is about"
    choice: Place | None = None
    how = ""
    for (a, b), h in (((ca, cb), "chunk"), ((la, lb), "clause")):
        after, before = pick(a, b, True, h == "chunk"), pick(a, b, False)
        if after and v.low[after.a - 1 if after.a else 0] in ("in", "and") and any(
                after.b <= o.a < lb for o in others if o is not q) and \
                v.low[max(0, after.a - 2)] == "and":
            after = None  # "Rs 512 crore, and in 2012-13 Rs 795 crore": the next figure's
        if h == "clause" and after and before and after.period and before.period and \
                after.period.is_relative and not before.period.is_relative:
            after = None  # "in 2023, exports exceeded €538 million, last year": the year named
        choice = after or before
        if choice:
            how = h
            break
    if choice is None:
        ps = [p for p in cands if not (q.a <= p.a < q.b)]
        main = [p for p in ps if not baseline(v, p)]
        if main:  # a sentence naming only a baseline ("lower than in 2010-14") gives none
            choice = min(main, key=lambda p: abs(p.a - q.a))
            how = "sentence"
    if choice is None and q.kind in ("projects", "countries") and \
            v.has(frozenset({"currently", "now", "today"}), la, lb) is not None and \
            published is None:
        return None, None, "present: the text's date, which it does not give"
    if choice is None and published is not None and q.kind in ("projects", "countries") \
            and v.has(_PRESENT, la, lb) is not None:
        y = str(published.year)
        return (y, y), None, "present tense: the text's year"
    if choice is None or choice.period is None:
        if _compared(v, q) and mem.focus:
            return pr.shift(mem.focus, -1), None, "the year before"
        if mem.focus:
            return mem.focus, None, "carried"
        return mem.document_period, None, "the text's period" if mem.document_period else "none"
    anchor = mem.focus
    g = choice.period.m.groupdict()
    if g.get("nyears") and any(w in choice.period.words.lower() for w in ("previous",
                                                                           "preceding")):
        main = [p for p in cands if p is not choice and p.period and p.period.kind == "range"
                and not baseline(v, p)]
        if main and main[0].period is not None:
            ref = main[0].period.resolve(subject_, published)
            n = int(ref[1][:4]) - int(ref[0][:4]) + 1 if ref else 0
            if ref and str(g["nyears"]).lower() in ("five", "5") and n == 5:
                return pr.shift(ref, -5), choice, "the five years before the period named"
    per = choice.period.resolve(subject_, published, anchor)
    if per is None:
        # a relative period the text gives no date for: another period of the sentence,
        # else the one before, anchors it; otherwise the claim says its period is relative
        if choice.period.is_relative and _to_the_date(choice.period.words):
            # "last year" in an undated text: no year is guessed; the claim keeps the words
            return None, choice, "relative"
        rest = [p for p in cands if p is not choice and p.period and not p.period.is_relative
                and not baseline(v, p) and not (q.a <= p.a < q.b)]
        for p in sorted(rest, key=lambda p: abs(p.a - q.a)):
            assert p.period is not None
            alt = p.period.resolve(subject_, published, mem.focus)
            if alt:
                return alt, p, "the sentence's other period"
        if mem.focus and choice.period.is_relative and not _shifted(choice.period.words):
            return mem.focus, choice, "relative: the text's current period"
        return None, choice, "relative" if choice.period.is_relative else "unresolved"
    if q.pair:
        explicit = [p for p in cands if p.period and p.period.kind not in ("relative",)]
        if len(explicit) >= 2:
            base = [p for p in explicit if baseline(v, p)]
            main = [p for p in explicit if not baseline(v, p)]
            if len(base) == 1 and main:
                p2 = base[0] if q.pair == 1 else main[0]
            else:
                p2 = explicit[0] if q.pair == 1 else explicit[-1]
            assert p2.period is not None
            return p2.period.resolve(subject_, published, mem.focus), p2, "pair"
        g = choice.period.m.groupdict()
        if per[0] != per[1] and (g.get("b1") or g.get("c1")):
            per = (per[0], per[0]) if q.pair == 1 else (per[1], per[1])
    if how == "sentence" and _compared(v, q) and mem.focus == per:
        return pr.shift(per, -1), choice, "the year before"
    return per, choice, how


_ANAPHORA = frozenset("figure figures total value amount volume sum it".split())
_PRESENT = frozenset("is are has have currently now today stands remains".split())


def baseline(v: View, p: Place) -> bool:
    """A period named as what something is compared with (``the same as in 2015-19``,
    ``30% more than the high reached in 2021``)."""
    before = " ".join(v.low[max(0, p.a - 3):p.a])
    if before.endswith(("as in", "compared with", "compared to", "than in", "versus",
                        "from", "since", "than")):
        return True
    if before.endswith(("on", "on the")) and any(
            w in ("up", "down", "%", "percent", "cent") for w in v.low[max(0, p.a - 6):p.a]):
        return True  # "up 53% on the 2016 figure"
    ca, _cb = v.sent.chunk_of(p.a)
    chunk = " " + " ".join(v.low[ca:p.a]) + " "
    words = v.low[ca:p.a]
    if any(w == "than" and (i == 0 or words[i - 1] not in ("more", "less", "fewer", "rather",
                                                            "other"))
           for i, w in enumerate(words)):
        return True
    # "above"/"below" compare unless a figure follows at once ("above $5bn" is a hedge)
    return any(w in ("compared", "versus", "above", "below") and not (
        w in ("above", "below") and i + 1 < len(words) and v.toks[ca + i + 1]._.qrole)
               for i, w in enumerate(words)) or any(
        f" {w} " in chunk for w in ("up from", "down from", "rose from", "fell from"))


def _to_the_date(words: str) -> bool:
    """A period counted from the text's date ("last year", "this year", "the past year")."""
    w = " ".join(words.lower().split())
    return w.startswith(("last", "this", "the past", "past", "current", "the current",
                         "so far", "since the", "year to date", "year-to-date"))


def _shifted(words: str) -> bool:
    w = words.lower()
    return any(x in w for x in ("previous", "before", "earlier", "prior", "preceding", "ago"))


def compared_with_before(v: View, q: Quantity) -> bool:
    """``(compared to €775 million ...)``, ``up from $5.5bn``: the figure is the baseline of
    the one before it."""
    words = " ".join(v.low[max(0, q.a - 3):q.a])
    return words.endswith(("compared with", "compared to", "up from", "down from", "versus",
                           "than"))


def _compared(v: View, q: Quantity) -> bool:
    """``up from $5.5bn``, ``compared with``, ``as much as in ... with``: a figure the one
    before is compared with."""
    words = " ".join(v.low[max(0, q.a - 3):q.a])
    if words.endswith(("more than", "less than", "fewer than", "rather than")):
        return False
    if words.endswith(("from", "compared with", "compared to", "versus", "than", "from a",
                       "from an")):
        return True
    ca, _cb = v.sent.chunk_of(q.a)
    chunk = " " + " ".join(v.low[ca:q.a]) + " "
    return any(f" {w} " in chunk for w in ("as much as", "compared with", "compared to",
                                           "than in", "versus", "up from", "down from"))


def quote_span(v: View, q: Quantity, cue: Place | None, per: Place | None,
               subj_at: int | None) -> tuple[int, int]:
    """Token positions of the shortest quote: the figure, the words that say what it
    measures, and its period where they sit next to it in the clause."""
    la, lb = v.sent.clause_of(q.a)
    ca, _cb = v.sent.chunk_of(q.a)
    a, b = q.a, q.b
    if cue and la <= cue.a < lb and abs(cue.a - q.a) <= 12:
        a, b = min(a, cue.a), max(b, cue.b)
    else:
        k = q.a - 1
        ends = {p.b - 1 for p in v.periods}
        while k >= la and q.a - k <= 6 and v.low[k] not in (",", ";") and \
                v.toks[k]._.qrole not in ("PCT", "SCALE", "CURWORD") and k not in ends:
            k -= 1
        a = min(a, k + 1)
    if per and la <= per.a < lb and (0 <= per.a - b <= 6 or ca <= per.a and 0 <= a - per.b <= 4):
        a, b = min(a, per.a), max(b, per.b)
    if subj_at is not None and la <= subj_at < a and a - subj_at <= 6:
        a = subj_at
    while a < q.a and v.low[a] in ("and", "but", "or", ",", "while", "with") and \
            v.low[a] != "with" or a < q.a and v.low[a] == ",":
        a += 1
    return a, b
