"""Word lists and regular expressions the claim extractor reads; no logic beyond building them.

Mostly data: currencies, scales, ordinals, the agencies that speak for a state's arms
exports, and the cue words that decide a claim's metric or exclude a sentence (targets,
negations, growth rates). Patterns are compiled once, on first use, by the ``*_re()``
functions. The names by which text mentions a state (countries, aliases, capitals, demonyms,
regions) are actor knowledge: :mod:`armsledger.actors` owns them (``data/actor_names.csv``),
and :func:`country_table` adds the state agencies below, so a new SIPRI name needs no change
here. Reading what a pattern matched (numbers, money, periods) is
:mod:`armsledger.claims.values`.
"""

from __future__ import annotations

import re
from functools import cache

from armsledger import actors
from armsledger.sources.article import MONTHS

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
"""A written number: ``21,083``, ``7.154``, ``15``."""

CURRENCY_PREFIX = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD",
    "CA$": "CAD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "R$": "BRL", "€": "EUR", "£": "GBP",
    "¥": "JPY", "₹": "INR", "Rs": "INR", "Rs.": "INR", "₩": "KRW", "₽": "RUB", "₪": "ILS",
    "₺": "TRY", "NIS": "ILS", "RMB": "CNY",
}
CURRENCY_CODES = ("USD", "EUR", "GBP", "RUB", "JPY", "CNY", "KRW", "TRY", "ILS", "SEK", "NOK",
                  "CHF", "AUD", "CAD", "BRL", "PLN", "INR", "DKK", "ZAR", "SGD")
CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
    "pounds sterling": "GBP", "sterling": "GBP", "rubles": "RUB", "roubles": "RUB",
    "ruble": "RUB", "rouble": "RUB", "yuan": "CNY", "renminbi": "CNY", "won": "KRW",
    "yen": "JPY", "rupees": "INR", "rupee": "INR", "shekels": "ILS", "shekel": "ILS",
    "lira": "TRY", "liras": "TRY", "kronor": "SEK", "krona": "SEK", "kroner": "NOK",
    "Swiss francs": "CHF", "francs": "CHF", "reais": "BRL", "zlotys": "PLN", "zloty": "PLN",
    "rand": "ZAR",
}
DOLLAR_ADJECTIVE = {"australian": "AUD", "canadian": "CAD", "singapore": "SGD",
                    "hong kong": "HKD", "new zealand": "NZD", "taiwan": "TWD"}
SCALE_WORDS = {
    "trillion": "trillion", "tn": "trillion", "trn": "trillion", "billion": "billion",
    "bn": "billion", "bln": "billion", "b": "billion", "million": "million", "mn": "million",
    "mln": "million", "m": "million", "thousand": "thousand", "k": "thousand",
    "crore": "crore", "crores": "crore", "cr": "crore", "lakh crore": "lakh crore",
    "lakh": "lakh",
}

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
ORD = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|" \
      r"\d{1,2}(?:st|nd|rd|th)"
FRACTIONS = {
    "half": 50.0, "a half": 50.0, "one half": 50.0, "a third": 33.3, "one third": 33.3,
    "one-third": 33.3, "two thirds": 66.7, "two-thirds": 66.7, "a quarter": 25.0,
    "one quarter": 25.0, "one-quarter": 25.0, "three quarters": 75.0, "three-quarters": 75.0,
    "a fifth": 20.0, "one fifth": 20.0, "one-fifth": 20.0, "two fifths": 40.0,
    "two-fifths": 40.0, "a tenth": 10.0, "one tenth": 10.0, "one-tenth": 10.0,
}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a dozen": 12, "a hundred": 100,
}

QUALIFIER_WORDS = {
    "about": "about", "around": "about", "roughly": "about", "some": "about",
    "nearly": "about", "almost": "about", "approximately": "about", "approx.": "about",
    "close to": "about", "circa": "about", "an estimated": "about", "estimated": "about",
    "more than": "over", "over": "over", "exceeded": "over", "exceeding": "over",
    "exceeds": "over", "above": "over", "in excess of": "over", "upwards of": "over",
    "topped": "over", "surpassed": "over", "just over": "over", "well over": "over",
    "well above": "over", "under": "under", "less than": "under", "below": "under",
    "fewer than": "under", "just under": "under", "up to": "under", "at least": "at least",
    "no less than": "at least", "not less than": "at least", "a minimum of": "at least",
}

# --- agencies and names -------------------------------------------------------------------

AGENCIES = {
    # name in text: (ISO3 of the state it speaks for, display name as a claimant)
    "Rosoboronexport": ("RUS", "Rosoboronexport"), "Rostec": ("RUS", "Rostec"),
    "FSMTC": ("RUS", "Federal Service for Military-Technical Cooperation (FSMTC)"),
    "FSVTS": ("RUS", "Federal Service for Military-Technical Cooperation (FSMTC)"),
    "Kremlin": ("RUS", "Kremlin"),
    "SSB": ("TUR", "Presidency of Defence Industries (SSB)"),
    "SSM": ("TUR", "Presidency of Defence Industries (SSB)"),
    "TİM": ("TUR", "Turkish Exporters' Assembly (TİM)"),
    "SIBAT": ("ISR", "SIBAT (Israeli Ministry of Defence)"),
    "DSCA": ("USA", "Defense Security Cooperation Agency (DSCA)"),
    "State Department": ("USA", "US Department of State"),
    "Department of State": ("USA", "US Department of State"),
    "Pentagon": ("USA", "Pentagon"),
    "DAPA": ("KOR", "Defense Acquisition Program Administration (DAPA)"),
    "KOTRA": ("KOR", "KOTRA"), "BAFA": ("DEU", "BAFA"), "Bundestag": ("DEU", "Bundestag"),
    "DGA": ("FRA", "DGA"), "SIPRI": (None, "SIPRI"), "Politico": (None, "Politico"),
    "Stockholm International Peace Research Institute": (None, "SIPRI"),
}
"""Agencies and institutions; a state's agency also marks the claim's subject exporter."""
SHORT_NAMES = {"SIPRI", "NATO", "Politico"}
"""Acronyms that stand alone as claimant names, without their long form."""

ORG_HEADS = (
    "Ministry|Department|Agency|Institute|Assembly|Presidency|Office|Directorate|"
    "Administration|Commission|Council|Service|Corporation|Bureau|Government|Committee|"
    "Association|Federation|Chamber|Authority|Secretariat|Cabinet|Inspectorate|Centre|Center"
)
TITLE_WORDS = frozenset(
    "President Vice Prime Minister Deputy Defence Defense Foreign Trade Industry Finance "
    "Economy Economic Affairs Secretary Director Directors General Chancellor Chairman "
    "Chairwoman Senator Lawmaker Chief Head CEO Ambassador Admiral Colonel General Mr Mrs Ms "
    "Dr Spokesman Spokeswoman Spokesperson Executive First Commissioner Governor Then".split()
)
PERSON_TITLE_LC = (
    r"president|minister|director(?:\s+general)?|general\s+director|head|chief(?:\s+executive)?|"
    r"spokesman|spokeswoman|spokesperson|chairman|chairwoman|lawmaker|member|secretary|"
    r"successor|predecessor|deputy|CEO|official|envoy|adviser|advisor|commissioner|governor"
)
NOT_NAME = frozenset(
    "The A An In On At For From Only Even Both According By It He She They This That These "
    "Those Officials Foreign Licences Licence Shipments Much Drones Missiles Company Analysts "
    "Twelve Figures Independent Beijing Moscow Ankara Paris Berlin Seoul Washington If When "
    "Deputy Prime Minister President Asked Most Reaching Putin's Republic Federal National "
    "International State Ministry Department Sales Military Assembly Institute Presidency Office "
    "Defence Defense Industries Research Peace Exporters Armed Forces Economic Affairs Stockholm "
    "Directorate Cooperation Development Agency Group Corporation Administration Council "
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Products Industries Systems "
    "Aerospace Technologies Group Holdings Dynamics Exports Sales Airshow Show".split()
)
"""Capitalised words that never start or form part of a person's name."""

REPORTING_VERBS = (
    r"said|says|say|told|tells|announced|announces|reported|reports|stated|estimated|estimates|"
    r"put|puts|gave|gives|found|finds|showed|shows|confirmed|confirms|noted|notes|wrote|writes|"
    r"declared|revealed|disclosed|recalls|recalled|ranked|ranks|counted|added|claimed|places|"
    r"calculated|predicted|insisted|boasted|told reporters|estimate|report|show"
)

# --- cue words -------------------------------------------------------------------------------

METRIC_CUES = (
    # (metric, pattern), strongest first; the first that matches in the nearest scope wins
    ("order_book", r"order[\s-]?book|order portfolio|portfolio|backlog"),
    ("licences_value", r"licen[cs]e[sd]?|licensing|direct commercial sales|\bDCS\b"),
    ("contracts_value", r"Foreign Military Sales|\bFMS\b"),
    ("licences_value", r"approv(?:al|als|ed|es|e)\b|authori[sz](?:ation|ations|ed)\b|permits"),
    ("contracts_value", r"contracts?|orders\b|order intake|new orders|deals\b|agreements|"
                        r"signed|booked|bookings"),
    ("export_value", r"exports?\b|exported|exporters?|earned|earnings|deliveries|delivered|"
                     r"shipped|sold|sales"),
)
OTHER_MEASURE = (
    r"\b(?:revenues?|turnover|production|output|profits?|budget|spending|procurement|"
    r"investment|funding|payroll|market capitali[sz]ation|aid|assistance|grants?)\b"
)
"""Money that measures something other than exports; excluded unless a metric cue is nearer."""
SECTOR_CUE = (
    r"\b(?:private|public)[\s-]sector\b|\bD?PSUs?\b|undertakings|contributed|accounted for|"
    r"made up|of which|\bfor\s+(?:the\s+)?[A-Z]\w+\s+(?:made|accounted)"
)
"""A part of a country's total (a sector's, a region's or a buyer's), not the total itself."""
WEAK_EXPORT_CUE = r"brought in|bring in|totalled|totaled|amounted to|worth"
TARGET_CUE = (
    r"\b(?:targets?|targeted|goal|aims?|aimed|ambitions?|objective|forecasts?|forecasted|"
    r"predict(?:s|ed|ion)?|projections?|projected|expects?|expected|plans?|planned|hopes?|"
    r"hoped|intends?|seeks?|wants?|envisages?|could|would|might|will|shall|should|if|unless|"
    r"potential|possible|set to|on track to|counting on|aspires?|ambitious)\b|\bmay\b|'ll\b"
)
NEGATION_CUE = (
    r"\b(?:did|does|do|has|have|had|was|were|is|are|could|would|will)\s+not\b|n't\b|"
    r"\b(?:declined|refused|denied|gave no|no figure|not confirm\w*|unconfirmed|never|"
    r"not (?:disclose|publish|give|say|reveal|name|include)\w*|excludes?|excluding|"
    r"not including|without)\b"
)
POSTPONED_CUE = (
    r"\b(?:pushed (?:into|back)|postponed|delayed|deferred|pending|on hold|stalled|"
    r"under negotiation|being negotiated|cancelled|canceled|suspended|frozen)\b"
)
ECONOMY_CUE = (
    r"\b(?:GDP|gross domestic|economy|total exports|overall exports|non-energy|non-resource|"
    r"non-commodity|non-oil|merchandise|oil and gas|energy exports|trade surplus|all goods|"
    r"budget|spending|expenditure|imports?|imported|importing)\b"
)
ARMS_WORDS = r"\b(?:arms|defen[cs]e|military|weapons?|munitions|armaments?|equipment)\b"
GROWTH_BEFORE = (
    r"\b(?:by|increase of|rise of|growth of|jump of|drop of|fall of|decline of|up|down|"
    r"increased|decreased|grew|growth|surge of|gain of)\s*$"
)
GROWTH_AFTER = (
    r"^\s*(?:more|less|higher|lower|increase|rise|growth|jump|drop|decline|fall|up|down|"
    r"over|on the|year-on-year|y/y|percentage points?|points?)\b"
)
SINGLE_DEAL = (
    r"\b(?:a|an|one|single|the|this|that|each)\s+(?:[\w-]+\s+){0,3}(?:deal|contract|"
    r"order(?!\s+book)|agreement|sale|package|purchase|tender)\b[^.;$€£₹]{0,60}?\b(?:worth|"
    r"valued at|priced at|costing|at|of|was|is)\s+(?:a record\s+|an estimated\s+|about\s+|"
    r"around\s+|some\s+|roughly\s+|nearly\s+)?$"
)
SINGLE_DEAL_AFTER = (
    r"^[\s-]*(?:deal|contract|order|agreement|sale|package|purchase)\b|^\s+(?:each|apiece)\b|"
    r"^\s+(?:per|a)\s+(?:unit|piece|aircraft|tank|ship|system|copy)\b|"
    r"^\s+(?:of|in)\s+(?:\w+\s+){0,2}(?:deliveries|exports|sales|aid|arms)\s+(?:to|for)\s+[A-Z]"
)
COMPANY_FIGURE = (
    r"(?:\b(?:its|their)|['’]s)\s+(?:[a-z-]+\s+){0,3}(?:order|orders|backlog|portfolio|exports|"
    r"sales|contracts|revenue|deliveries)\b"
)
"""A figure owned by whoever is named before it (``Rheinmetall's order backlog``)."""
COMPARISON_BEFORE = (
    r"\b(?:than|above|below|compared (?:with|to)|up from|down from|from|versus|vs\.?|"
    r"previous|itself)\b"
)
PRESENT_TENSE = r"\b(?:is|are|has|have|stands|remains|runs|totals|amounts|exceeds)\b"
COUNTRY_BUYER_CUE = (
    r"deliver|suppl|sold|sell|export|ship|customer|buyer|client|buying|bought|purchas|"
    r"recipient|receiv|operat|markets|went to|products?\s+(?:\w+\s+)?(?:in|to)\b|"
    r"present in|in service (?:in|with)|in use in"
)
BUYER_NOUNS = r"(?:destination|recipient|buyer|customer|client|importer|market)s?"
"""Words that make a named country the buyer in its sentence ("Qatar was the biggest buyer")."""
COOPERATION_CUE = r"joint|cooperation|co-operation|partner|military-technical|collaborat"
EXPORTER_NOUNS = (
    r"arms|weapons?|defen[cs]e|military|hardware|equipment|products|companies|firms|industry|"
    r"exporters?|manufacturers|makers|systems|aerospace|ammunition|exports?|shipbuilders"
)
OUTLETS = (
    "Reuters|Bloomberg|AFP|Associated Press|TASS|RIA Novosti|Interfax|Kommersant|Vedomosti|"
    "Handelsblatt|Der Spiegel|Spiegel|Politico|Defense News|Breaking Defense|Janes|"
    "Financial Times|Le Monde|La Tribune|Les Echos|Yonhap|Anadolu|Daily Sabah|Haaretz|"
    "Times of India|The Hindu|PTI|Xinhua|Nikkei|The Economist|Wall Street Journal|"
    "New York Times|Washington Post|BBC|CNN|Al Jazeera|Globes|Kyodo"
)
"""News outlets and agencies that may be named as the source of a figure."""
NOT_EXPORTER_AFTER = (
    r"-language|-speaking|customers|buyers|clients|importers|forces|armed forces|army|navy|"
    r"air force|troops|soldiers|officials said|demand"
)


@cache
def country_table() -> dict[str, str | None]:
    """Name in text -> ISO3 of the state (None for a region): the names of
    :func:`armsledger.actors.text_names` plus the state agencies of :data:`AGENCIES`."""
    table = dict(actors.text_names())
    for name, (iso3, _display) in AGENCIES.items():
        if iso3 is not None:
            table[name] = iso3
    return table


@cache
def mention_re() -> re.Pattern[str]:
    """Countries, demonyms, regions and state agencies, longest first, case-sensitive."""
    return actors.mention_pattern(country_table())


@cache
def agency_re() -> re.Pattern[str]:
    """Known agencies and institutions by name (SIPRI, Rosoboronexport, SSB ...)."""
    alts = "|".join(re.escape(n) for n in sorted(AGENCIES, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alts})(?![\w])")


@cache
def money_re() -> re.Pattern[str]:
    """A sum of money: ``$15bn``, ``US$14.6 billion``, ``12.8 billion euros``, ``Rs 21 crore``."""
    prefixes = sorted(list(CURRENCY_PREFIX) + list(CURRENCY_CODES), key=len, reverse=True)
    pre = "|".join(re.escape(p) for p in prefixes)
    scales = "|".join(sorted(SCALE_WORDS, key=len, reverse=True)).replace(" ", r"\s+")
    words = "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True)).replace(" ", r"\s+")
    codes = "|".join(CURRENCY_CODES)
    adj = r"(?:(?P<adj>US|U\.S\.|American|Australian|Canadian|Singapore|Hong Kong|New Zealand|" \
          r"Taiwan)\s+)?"
    return re.compile(
        rf"(?<![\w$€£¥₹₩₽₪₺.])(?:(?P<pre>{pre})\s?(?P<num1>{NUM})"
        rf"(?:[\s-]?(?P<scale1>{scales})\b)?(?:\s+{adj.replace('adj', 'adj1')}"
        rf"(?P<word1>{words})\b)?"
        rf"|(?P<num2>{NUM})[\s-]?(?P<scale2>{scales})\s+(?:{adj.replace('adj', 'adj2')}"
        rf"(?P<word2>{words})\b|"
        rf"(?P<code2>{codes})\b))"
    )


@cache
def percent_re() -> re.Pattern[str]:
    """A percentage (``7.8%``, ``43 per cent``) or a fraction word (``a fifth``, ``two-thirds``)."""
    fracs = "|".join(re.escape(f) for f in sorted(FRACTIONS, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w.])(?P<num>{NUM})\s?(?:%|per\s?cent\b|percent\b)|\b(?P<frac>{fracs})\b",
        re.IGNORECASE,
    )


@cache
def rank_re() -> re.Pattern[str]:
    """A rank among exporters: ``third-largest exporter``, ``came fourth``, ``largest supplier``."""
    return re.compile(
        rf"(?P<a>(?:the\s+)?(?:world['’]s\s+)?(?P<ord>{ORD})[\s-](?:largest|biggest)\s+"
        r"(?:global\s+)?(?:arms\s+|weapons\s+|defen[cs]e\s+|major\s+arms\s+)?"
        r"(?:exporter|supplier|seller)s?\b)"
        r"|(?P<b>(?:the\s+)?(?:world['’]s\s+)?(?:largest|biggest|leading|top|number[\s-]one)\s+"
        r"(?:global\s+)?(?:arms\s+|weapons\s+|defen[cs]e\s+|major\s+arms\s+)?"
        r"(?:exporter|supplier|seller)\b)"
        rf"|(?P<c>\b(?:came|ranked|ranks|placed|places|puts|finished|stood|remained|slipped to|"
        rf"dropped to|fell to|rose to|climbed to|moved up to)\s+(?:(?-i:the\s+)?(?-i:[A-Z][\w.]*)"
        rf"(?:['’]s)?\s+(?:(?-i:[A-Z]\w*)\s+)?(?:as\s+)?)?(?:in\s+|at\s+)?(?P<ord2>{ORD})\b"
        rf"(?:\s+place)?)",
        re.IGNORECASE,
    )


@cache
def count_re() -> re.Pattern[str]:
    """A count of countries or projects: ``over 30 countries``, ``340 joint ... projects``."""
    words = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
    n = rf"(?P<num>{NUM}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-\w+|{words})"
    adj = r"(?:buyer|customer|recipient|client|importing|foreign|different|other|partner)"
    proj = r"(?:joint|technology|technological|cooperation|co-operation|military-technical|" \
           r"defen[cs]e|industrial|research|development|production|R&D|localisation|" \
           r"localization|investment|new)"
    return re.compile(
        rf"(?<![\w.,$€£])\b{n}\s+(?:(?P<adj>{adj})\s+)?(?P<noun>countries|states|nations)\b"
        rf"|(?<![\w.,$€£])\b{n.replace('num', 'pnum')}\s+(?:{proj}\s+){{0,4}}(?P<pnoun>projects)\b"
        rf"|\b(?P<nof>number of (?:\w+\s+)?(?:countries|states|nations|customers|buyers|clients|"
        rf"recipients)\b[^.;\d]{{0,80}}?\b(?:to|at|reached|was|were|is|of)\s+"
        rf"(?:(?:more than|over|about|around|some|nearly|almost|at least)\s+)?)"
        rf"(?P<nnum>\d{{1,3}})\b(?!\s*(?:%|per|billion|million|bn))",
        re.IGNORECASE,
    )


def period_patterns() -> dict[str, str]:
    """Named patterns for period expressions; the extractor compiles them in this order."""
    y = r"(?:19|20)\d{2}"
    return {
        "months": rf"\b(?:from|between)\s+(?P<m1>{MONTHS})\.?\s+(?P<my1>{y})\s+(?:to|and|until)\s+"
                  rf"(?P<m2>{MONTHS})\.?\s+(?P<my2>{y})\b",
        "half": rf"\b(?:the\s+)?(?P<h>first|second)\s+half\s+of\s+(?P<hy>{y})\b",
        "quarter": rf"\b(?:the\s+)?(?P<q>first|second|third|fourth)\s+quarter\s+of\s+(?P<qy>{y})\b"
                   rf"|\bQ(?P<qn>[1-4])\s+(?P<qny>{y})\b",
        "months_of": rf"\b(?:the\s+)?first\s+(?P<n>\w+)\s+months\s+of\s+(?P<ny>{y})\b",
        "fy_two": rf"\b(?:(?:the\s+)?(?:FY|financial\s+year|fiscal\s+year|fiscal)\s?'?"
                  rf"(?P<f1>{y})\s?[-–/]\s?(?P<f2>\d{{2}}|{y})|(?P<g1>{y})[-–/](?P<g2>\d{{2}})\s+"
                  r"(?:financial|fiscal)\s+year)\b",
        "fy_one": rf"\b(?:(?:the\s+)?(?:fiscal\s+year|financial\s+year|FY|fiscal)\s?'?"
                  rf"(?P<fy>{y}|\d{{2}}))\b(?![-–/]\d)",
        "range": rf"\b(?:between\s+(?P<b1>{y})\s+and\s+(?P<b2>{y})|from\s+(?P<c1>{y})\s+"
                 rf"(?:to|until|through)\s+(?P<c2>{y})|(?P<r1>{y})\s?[-–—]\s?(?P<r2>{y}|\d{{2}}))\b",
        "since": rf"(?<!highest )(?<!lowest )(?<!largest )(?<!biggest )(?<!best )(?<!worst )"
                 rf"(?<!time )(?<!level )\bsince\s+(?P<sy>{y})\b",
        "year": rf"(?:\b(?:at|by)\s+the\s+end\s+of\s+|\bend-)?\b(?P<y>{y})\b(?![-–]\d)",
        "relative": r"\b(?P<rel>last year|this year|the previous year(?:['’]s)?|the year before|"
                    r"a year earlier|the prior year|the preceding year|the same (?:fiscal |"
                    r"financial |calendar )?(?:year|period)|during the year|that year|"
                    r"the year['’]s|for the year|in the year|over the year)\b",
    }


STATEMENT_DATE = (
    rf"\b(?:(?:early|mid|late)[\s-]+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTHS})\.?\s+"
    r"(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d{2}\b"
)
"""A day or month with its year (``4 June 2025``, ``January 2026``): when something was said."""

UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
"""Upper-case Latin letters for character classes (names such as ``İsmail``, ``Görgün``)."""
CAP_WORD = rf"[{UPPER}](?:[\w'’-]|\.(?=\w))*"
CAP_NP = (rf"(?:{CAP_WORD}\s+(?:(?:of|for|and|the|de|du|on|in)\s+)*)*{CAP_WORD}"
          r"(?:\s+\([^()]{1,30}\))?")
"""A run of capitalised words with ``of``/``for``/``the`` between and an optional ``(ACR)``."""
CLAIMANT_NOUNS = (
    r"ministry|government|department|agency|company|report|data|figures|statistics|institute|"
    r"office|officials|minister|spokesman|spokeswoman|spokesperson|directorate|presidency|"
    r"newsletter|summary|exporter|firm|industry|analysts?|researchers?|survey|study|"
    r"administration|commission|corporation"
)
