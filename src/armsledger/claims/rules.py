"""The rules that drop a quantity: each says why, by name, with the words that decided it.

:func:`exclusion` runs them in order on one quantity of one sentence and returns the first
that applies as ``(rule, reason)``; ``None`` keeps the quantity. Every rule reads tokens of
the quantity's chunk (comma-bounded) or clause, never a window of characters:

=====================  ======================================================================
rule                   drops
=====================  ======================================================================
``conversion``         a sum in brackets beside another sum (the same figure in another
                       currency)
``negated``            a figure said not to be given or confirmed
``target``             targets, goals, forecasts, plans, hopes, and figures in a modal clause
``growth``             changes: "up 29%", "by 11 percent", "a 25% increase"
``buyer_side``         an importer's figure: imports, purchases, a buyer's share
``not_exports``        the whole economy's exports, production or output
``spending``           military budgets and spending
``company``            a company's revenue, sales, orders or backlog
``world_total``        the world's or a market's total, with no state as its subject, or the
                       joint total of several exporters
``single_deal``        the value of one deal, contract or package
``sub_total``          a part of one exporter's total: a region's, a recipient's, a sector's
``adjustment``         methodological revisions
=====================  ======================================================================
"""

from __future__ import annotations

from armsledger.claims import lexicon as lx
from armsledger.claims.attach import usable
from armsledger.claims.quantities import Quantity
from armsledger.claims.view import View

__all__ = ["RULES", "exclusion"]

RULES = ("conversion", "negated", "target", "growth", "buyer_side", "not_exports",
         "spending", "company", "world_total", "single_deal", "sub_total", "adjustment")


def exclusion(v: View, q: Quantity, others: list[Quantity]) -> tuple[str, str] | None:
    """The first rule that drops ``q`` and why, or None."""
    ca, cb = v.sent.chunk_of(q.a)
    la, lb = v.sent.clause_of(q.a)
    low = v.low

    # conversion: "£6.5bn ($8bn)", "$14 billion (approximately 18.6 trillion won)"
    if q.kind == "money":
        j = q.a - 1
        while j >= 0 and low[j] in _HEDGES:
            j -= 1
        if j >= 0 and low[j] in ("(", "[") and any(
                o.kind == "money" and o.b <= j and j - o.b <= 1 for o in others):
            return "conversion", "a currency conversion in brackets beside another sum"

    k = v.phrase(lx.NEGATION_PHRASES, la, lb)
    if k is not None:
        return "negated", f"negation: '{' '.join(low[k:k + 2])}'"

    k = v.has(lx.TARGET_WORDS, ca, q.a)
    if k is None:
        k = v.has(lx.TARGET_WORDS, max(la, q.a - 8), q.a)
    if k is None:
        k = v.phrase(lx.TARGET_PHRASES, la, q.a)
    if k is None and q.b < len(low) and low[q.b] in ("target", "goal", "forecast"):
        k = q.b
    if k is None:
        k = v.has(frozenset({"will", "would", "could", "should", "expected", "planned",
                             "forecast", "projected"}), q.b, min(lb, q.b + 4))
    if k is not None:
        return "target", f"target or forecast: '{low[k]}'"

    if q.kind in ("percent", "money"):
        j = q.a
        while j > 0 and low[j - 1] in lx.QUALIFIER_WORDS and low[j - 1] not in ("over", "by"):
            j -= 1  # "by nearly 6 percent": the word before the hedge
        prev = low[j - 1] if j > 0 else ""
        prev2 = " ".join(low[max(0, j - 2):j])
        nxt = low[q.b] if q.b < len(low) else ""
        if q.kind == "percent" and prev2 != "made up" and (
                prev in lx.GROWTH_BEFORE or nxt in lx.GROWTH_AFTER
                or prev2 in ("increase of", "rise of", "growth of")):
            return "growth", f"a change, not a level: '{prev or nxt}'"
        if q.kind == "money" and (prev == "by" or prev2 in _CHANGE_OF or " ".join(
                low[max(0, q.a - 3):q.a - 1]) in _CHANGE_OF or nxt in (
                "more", "less", "higher", "lower", "up", "down", "increase", "decrease")):
            return "growth", "a change, not a level"
        if q.kind == "percent" and v.has(frozenset({"growth", "increase", "rise", "jump",
                                                    "decline", "drop"}), ca, cb) is not None \
                and v.has(lx.SHARE_WORDS, ca, cb) is None:
            return "growth", "a change, not a level"

    if q.kind == "countries":
        k = v.has(frozenset({"top", "largest", "biggest", "main", "leading", "first", "key"}),
                  max(ca, q.a - 2), q.a)
        if k is not None:
            return "sub_total", f"a subset of the buyers: '{low[k]}'"
        if q.a > 1 and low[q.a - 2:q.a] == ["group", "of"] or q.a > 2 and \
                low[q.a - 3:q.a - 1] == ["group", "of"]:
            return "sub_total", "a group of buyers"
        if q.a > 0 and low[q.a - 1] in ("the", "these", "those", "its", "their"):
            return "sub_total", f"a group named before: '{low[q.a - 1]}'"
        if any(o.kind == "percent" and q.b <= o.a <= q.b + 4 or o.kind == "percent" and
               q.b <= o.a < lb and v.has(frozenset({"accounting", "accounted", "received",
                                                    "receiving", "took", "taking"}), q.b, o.a)
               is not None for o in others):
            return "sub_total", "a group of buyers with its share"
    if q.kind == "percent" and any(
            low[k] in ("countries", "states", "nations", "exporters", "suppliers", "buyers",
                       "recipients") for k in range(ca, q.a)) and \
            v.has(frozenset({"accounting", "accounted", "account", "accounts", "together",
                             "combined"}), max(ca, q.a - 4), q.a) is not None:
        return "world_total", "the share of a group of states"
    imp_words = lx.IMPORT_WORDS - (_RECEIVE if q.kind == "countries" else frozenset())
    if not _named_buyer(v, la, lb):
        imp_words = imp_words & _IMPORTS  # "foreign governments bought US weapons": a sale
    imp = _nearest(v, imp_words, q, la, lb)
    if q.kind == "percent" and v.phrase(("of",), q.b, q.b + 1) is not None and v.has(
            _IMPORTS, q.b, min(lb, q.b + 6)) is not None:
        return "buyer_side", "a share of imports"
    exp = _nearest(v, lx.EXPORT_WORDS | frozenset({"exported", "delivered", "sold"}), q, la, lb)
    if imp is not None and (exp is None or abs(imp - q.a) < abs(exp - q.a)):
        return "buyer_side", f"an importer's figure: '{low[imp]}'"
    if imp is None and exp is None and v.has(lx.EXPORT_WORDS, 0, len(low)) is None:
        imp = v.has(_IMPORTS, 0, q.a)
        if imp is not None:
            return "buyer_side", f"an importer's figure: '{low[imp]}'"
    for c in v.countries:
        if la <= c.a < lb and c.b < len(low) and low[c.b] == "'s" and c.b + 1 < len(low) and \
                low[c.b + 1] in lx.IMPORT_WORDS:
            return "buyer_side", f"an importer's figure: '{low[c.b + 1]}'"

    k = v.has(lx.ECONOMY_WORDS, ca, cb)
    if k is None:
        k = v.phrase(("total exports", "overall exports", "all exports", "country's exports",
                      "non-military exports", "civilian exports"), ca, cb)
    if k is None and v.has(frozenset({"exports", "exported", "export", "exporting"}),
                           ca, cb) is None:
        k = v.has(lx.PRODUCTION_WORDS, ca, cb)
    if k is not None and q.kind in ("money", "percent"):
        return "not_exports", f"not arms exports: '{low[k]}'"

    k = v.has(lx.SPENDING_WORDS, ca, cb)
    if k is None and q.kind != "rank":
        k = v.has(lx.SPENDING_WORDS, la, lb)
    if k is None and q.kind == "rank":
        k = v.has(frozenset({"spender", "spenders"}), q.a, min(lb, q.b + 4))
    if k is not None:
        return "spending", f"military spending: '{low[k]}'"

    k = v.has(lx.REVENUE_WORDS, ca, cb)
    if k is not None and v.has(frozenset({"exports", "exported", "export"}), ca, cb) is None:
        return "company", f"revenue: '{low[k]}'"
    agency = any(t in lx.AGENCIES and lx.AGENCIES[t][0] for t in v.text[la:lb])
    if q.kind in ("money", "rank") and not agency:
        k = next((c.a for c in v.companies if la <= c.a < lb), None)
        if k is None:
            k = _company_noun(v, ca, cb if q.kind == "money" else min(lb, q.b + 6),
                              any_noun=q.kind == "rank")
        if k is not None:
            return "company", f"a company's figure: '{v.text[k]}'"

    k = v.has(frozenset({"joint", "combined", "together", "collectively"}), ca, q.a)
    if k is not None and not (low[k] in ("together", "collectively") or k + 1 < len(low) and (
            low[k + 1] in lx.SHARE_WORDS or low[k + 1] in ("value", "total", "exports"))):
        k = None  # "joint projects" are not a joint total
    if k is not None and q.kind in ("money", "percent"):
        return "world_total", f"a total of several exporters: '{low[k]}'"
    k = v.phrase(lx.WORLD_PHRASES, la, lb)
    if q.kind == "percent" and v.has(lx.SHARE_WORDS, la, lb) is not None:
        k = None
    if k is not None and q.kind in ("money", "percent") and not any(
            c.what and la <= c.a < lb for c in v.countries):
        return "world_total", f"a world or market total: '{' '.join(low[k:k + 3])}'"
    if q.kind == "money" and v.has(frozenset({"global", "worldwide", "world"}), ca, q.a) \
            is not None and not any(c.what and ca <= c.a < cb for c in v.countries):
        return "world_total", "a world total"

    if q.kind == "money":
        for j in range(max(ca, q.a - 4), q.a):
            if low[j] in ("worth", "valued", "costing", "for") and any(
                    v.toks[i]._.qrole == "NUM" and not (i + 1 < len(low) and low[i + 1] in (
                        "permits", "licences", "licenses", "contracts", "deals", "approvals",
                        "authorisations", "authorizations"))
                    for i in range(max(ca, j - 4), j)):
                return "single_deal", "the value of a number of units"
        for j in range(max(la, q.a - 25), q.a):
            if low[j] in lx.DEAL_WORDS and not (j + 1 < len(low) and low[j + 1] in (
                    "book", "books", "portfolio", "backlog", "intake", "value")):
                dets = lx.DEAL_DETERMINERS if q.a - j <= 12 else _ONE
                between = any(j < o.a < q.a for o in others)
                if not between and any(low[i] in dets for i in range(max(la, j - 4), j)):
                    return "single_deal", f"the value of one {low[j]}"
        if any(low[k] in ("deal", "deals", "contract", "contracts") and any(
                v.toks[i]._.qrole == "NUM" or low[i] in ("a", "one", "two", "three")
                for i in range(max(q.b, k - 4), k)) for k in range(q.b, min(lb, q.b + 8))):
            return "single_deal", "the value of named deals"
        if q.b < len(low) and (low[q.b] in lx.DEAL_WORDS or
                               q.b + 1 < len(low) and low[q.b] in ("-", "arms", "weapons",
                                                                   "defence", "defense")
                               and low[q.b + 1] in lx.DEAL_WORDS):
            return "single_deal", "the value of one deal"

    if q.kind in ("money", "percent"):
        k = v.has(_ONE_BUYER, la, lb)
        if k is not None:
            return "sub_total", f"one recipient's part: '{low[k]}'"
        if q.kind == "percent" and any(c.what is None and ca <= c.a < cb for c in v.countries):
            return "sub_total", "a region's part of an exporter's total"
    k = v.phrase(lx.SUB_PHRASES, ca, cb) if q.kind != "countries" else None
    if k is None and q.kind == "percent":
        k = v.phrase(("of its", "of their", "of the country's", "of russian", "of us",
                      "of french", "of chinese", "of german", "of its total"), q.b, q.b + 3)
    if k is not None and not (q.kind == "percent" and _global_after(v, q)):
        return "sub_total", f"part of an exporter's total: '{' '.join(low[k:k + 3])}'"
    if q.kind == "money":
        exporters = [c for c in v.countries if c.what and la <= c.a < lb and usable(v, c)]
        for c in v.countries:
            far = la <= c.a < q.a and not exporters and not any(c.a < o.a < q.a for o in others)
            if (ca <= c.a < cb or far) and c.a > 0 \
                    and low[c.a - 1 - (low[c.a - 1] == "the")] \
                    in ("to", "for", "into") and not (c.b < len(low) and (
                        low[c.b] in lx.ARMS_WORDS or low[c.b] in lx.EXPORT_WORDS)):
                return "sub_total", f"exports to one recipient: '{v.text[c.a]}'"
        if q.a > 1 and low[q.a - 1] == "(" and any(c.what and c.b == q.a - 1
                                                    for c in v.countries) and \
                v.has(_BUYERS, 0, len(low)) is not None:
            return "sub_total", "one recipient's part in a list of buyers"

    if q.kind == "money" and q.b + 1 < len(low) and low[q.b] == "of" and any(
            o.kind == "money" and o.a in (q.b + 1, q.b + 2) for o in others):
        return "sub_total", "a part of the sum after it"
    if q.kind == "money" and q.a > 1 and low[q.a - 1] == "of" and any(
            o.kind == "money" and o.b in (q.a - 1, q.a - 2) for o in others):
        return "sub_total", "the total a part is taken of, restated"
    if q.kind == "rank" and any(
            c.what and q.b <= c.a <= q.b + 4 and low[c.a - 1 - (low[c.a - 1] == "the")] in (
                "to", "for") for c in v.countries):
        return "sub_total", "a supplier's rank for one recipient"
    if q.kind in ("rank", "percent"):
        k = v.phrase(_RIVAL, max(ca, q.a - 5), q.a)
        if k is not None:
            return "sub_total", f"a rival's position: '{low[k]}'"
    if q.kind == "countries" and q.value < 2:
        return "sub_total", "one country, not a count of buyers"
    if q.kind == "money" and any(
            c.what and c.b < q.a and c.b < len(low) and low[c.b] in (
                "accounted", "accounts", "accounting") for c in v.countries):
        return "sub_total", "one recipient's part ('<state> accounted for')"
    if q.kind == "money" and q.a > 1 and low[q.a - 1] == "(" and any(
            c.what and c.b == q.a - 1 for c in v.countries):
        return "sub_total", "one recipient's part in a list"
    if q.kind == "money" and v.has(_BUYERS | frozenset({"purchaser", "purchasers", "market",
                                                        "markets"}), 0, len(low)) is not None:
        for c in v.countries:
            gap = low[c.b:q.a]
            if c.what and 0 <= q.a - c.b <= 4 and all(
                    w in (",", "with", "at", "(", "-", "pct", "%", "of") or
                    v.toks[c.b + i]._.qrole in ("NUM", "PCT") for i, w in enumerate(gap)):
                return "sub_total", "one buyer's part in a list of buyers"
    k = v.has(lx.ADJUSTMENT_WORDS, ca, cb)
    if k is not None:
        return "adjustment", f"a methodological adjustment: '{low[k]}'"
    return None


_ONE = frozenset({"a", "an", "one", "single", "this"})
_HEDGES = frozenset({"approximately", "about", "around", "roughly", "some", "or", "c.", "ca.",
                     "nearly", "almost", "approx.", "approx", "~", "=", "equivalent", "to",
                     "circa", "est.", "over", "more", "than", "estimated", "an"})
_CHANGE_OF = ("increase of", "rise of", "growth of", "jump of", "decrease of", "drop of",
              "decline of", "fall of", "up by", "down by")
_BUYERS = frozenset({"customers", "clients", "buyers", "recipients", "customer", "buyer",
                     "client", "recipient", "destinations"})
_RECEIVE = frozenset({"received", "receiving", "bought", "buys", "purchased", "recipients",
                      "recipient", "buyers"})
_ONE_BUYER = frozenset({"customer", "buyer", "client", "importer", "destination",
                        "recipient"})


_RIVAL = ("behind", "ahead of", "after", "overtook", "overtaking", "overtaken", "surpassed",
          "surpassing", "than", "outpaced")
_IMPORTS = frozenset({"imports", "import", "importer", "importers", "importing", "imported"})


def _named_buyer(v: View, a: int, b: int) -> bool:
    """A state named in ``[a, b)`` that does not export (a buyer: "Poland bought ..."), or the
    antecedent of a relative clause starting at ``a`` ("Malaysia, which purchased ...")."""
    if a > 1 and v.low[a - 1] in ("which", "who") or v.low[a] in ("which", "who"):
        k = a - 1 if v.low[a - 1] in ("which", "who") else a
        if any(c.what and 0 < k - c.b <= 1 for c in v.countries):
            return True
    return any(c.what and a <= c.a < b and not usable(v, c) for c in v.countries) or any(
        c.what and a <= c.a < b and c.b < len(v.low) and v.low[c.b] in (
            "bought", "buys", "purchased", "acquired", "received") for c in v.countries)


def _company_noun(v: View, a: int, b: int, any_noun: bool = False) -> int | None:
    """``five Chinese companies``, ``the largest arms-producing companies``: companies
    counted or ranked (an industry's own total, "Turkish defence companies sold", is not)."""
    for k in range(max(0, a), min(b, len(v.low))):
        if v.low[k] in ("companies", "firms", "producers", "manufacturers", "contractors"):
            before = v.low[max(0, k - 4):k]
            ranked = any(w in ("top", "largest", "biggest", "leading") for w in before)
            if any_noun or ranked or any(
                    v.toks[j]._.qrole == "NUM" for j in range(max(0, k - 4), k)):
                return k
    return None


def _global_after(v: View, q: Quantity) -> bool:
    return v.has(lx.GLOBAL_WORDS | frozenset({"all"}), q.b, q.b + 6) is not None or \
        total_arms(v, q.b, q.b + 5)


def total_arms(v: View, a: int, b: int) -> bool:
    """``of total arms exports``, ``the total volume``: the world's total in SIPRI's words."""
    return any(v.low[k] == "total" and k + 1 < len(v.low) and (
        v.low[k + 1] in lx.ARMS_WORDS or v.low[k + 1] in ("volume", "transfers", "market"))
        for k in range(max(0, a), min(b, len(v.low))))


def _nearest(v: View, words: frozenset[str], q: Quantity, a: int, b: int) -> int | None:
    best = None
    for k in range(a, b):
        if v.low[k] in words and not (q.a <= k < q.b):
            if best is None or abs(k - q.a) < abs(best - q.a):
                best = k
    return best


