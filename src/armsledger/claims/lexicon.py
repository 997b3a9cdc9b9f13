"""Words the claim extractor reads: currencies, scales, number words, cue phrases and agencies.

Data only, no logic. Cue phrases are matched on tokens (lower case, after
:func:`armsledger.claims.nlp.normalize`), so ``"order book"`` also finds ``Order Book`` and
``order-book`` is listed as written. The names by which a text mentions a state (countries,
aliases, capitals, demonyms, regions) are actor knowledge: :mod:`armsledger.actors` owns them;
:func:`country_table` adds the state agencies below.
"""

from __future__ import annotations

from functools import cache

from armsledger import actors

CURRENCY_PREFIX = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD",
    "CA$": "CAD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "R$": "BRL", "€": "EUR", "£": "GBP",
    "¥": "JPY", "₹": "INR", "Rs": "INR", "Rs.": "INR", "₩": "KRW", "₽": "RUB", "₪": "ILS",
    "₺": "TRY", "NIS": "ILS", "RMB": "CNY", "R": "ZAR", "Kč": "CZK",
}
CURRENCY_CODES = ("USD", "EUR", "GBP", "RUB", "JPY", "CNY", "KRW", "TRY", "ILS", "SEK", "NOK",
                  "CHF", "AUD", "CAD", "BRL", "PLN", "INR", "DKK", "ZAR", "SGD", "CZK", "HUF",
                  "RON", "BGN", "UAH", "PKR", "SAR", "AED", "EGP", "MXN", "NZD", "HKD", "TWD")
CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
    "pounds sterling": "GBP", "sterling": "GBP", "rubles": "RUB", "roubles": "RUB",
    "ruble": "RUB", "rouble": "RUB", "yuan": "CNY", "renminbi": "CNY", "won": "KRW",
    "yen": "JPY", "rupees": "INR", "rupee": "INR", "shekels": "ILS", "shekel": "ILS",
    "lira": "TRY", "liras": "TRY", "kronor": "SEK", "krona": "SEK", "kroner": "NOK",
    "francs": "CHF", "reais": "BRL", "zlotys": "PLN", "zloty": "PLN",
    "rand": "ZAR", "crowns": "CZK", "koruna": "CZK", "korun": "CZK",
}
SCALE_WORDS = {
    "trillion": "trillion", "tn": "trillion", "trn": "trillion", "billion": "billion",
    "billions": "billion", "bn": "billion", "bln": "billion", "b": "billion",
    "million": "million", "millions": "million", "mn": "million", "mln": "million",
    "m": "million", "thousand": "thousand", "k": "thousand", "crore": "crore",
    "crores": "crore", "cr": "crore", "lakh": "lakh",
}
ATTACHED_SCALES = frozenset({"b", "m", "k", "cr"})
"""Scale letters read only when written against the number (``15b``, ``$80m``)."""
HOME_CURRENCY = {
    "INR": "IND", "RUB": "RUS", "KRW": "KOR", "TRY": "TUR", "ILS": "ISR", "JPY": "JPN",
    "CNY": "CHN", "GBP": "GBR", "SEK": "SWE", "NOK": "NOR", "BRL": "BRA", "PLN": "POL",
    "AUD": "AUS", "CAD": "CAN", "CHF": "CHE", "DKK": "DNK", "ZAR": "ZAF", "PKR": "PAK",
    "CZK": "CZE", "HUF": "HUN", "RON": "ROU", "UAH": "UKR", "SAR": "SAU", "AED": "ARE",
}
"""A sum in a state's own currency, with no state named, is that state's figure."""
CURRENCY_ADJECTIVES = {
    "us": "USD", "u.s.": "USD", "american": "USD", "australian": "AUD", "canadian": "CAD",
    "singapore": "SGD", "hong": "HKD", "taiwan": "TWD", "new": "NZD", "indian": "INR",
    "russian": "RUB", "chinese": "CNY", "turkish": "TRY", "korean": "KRW", "japanese": "JPY",
    "israeli": "ILS", "swiss": "CHF", "swedish": "SEK", "norwegian": "NOK", "danish": "DKK",
    "brazilian": "BRL", "south": "ZAR", "polish": "PLN", "pakistani": "PKR", "czech": "CZK",
    "hungarian": "HUF", "romanian": "RON", "serbian": "RSD", "ukrainian": "UAH",
    "saudi": "SAR", "emirati": "AED", "egyptian": "EGP", "mexican": "MXN",
}
"""Words before ``dollars`` that name whose dollars."""


ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "twentieth": 20,
}
FRACTIONS = {"half": 50.0, "third": 33.3, "thirds": 33.3, "quarter": 25.0, "quarters": 25.0,
             "fifth": 20.0, "fifths": 20.0, "tenth": 10.0}
"""Fractions as percentages (``a fifth`` -> 20); ``two-thirds`` doubles its word."""
NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred".split())
"""Words text2num reads as (parts of) a number."""
WORD_NUMBERS = {"a dozen": 12, "dozen": 12, "half a dozen": 6, "a hundred": 100}

QUALIFIER_WORDS = {
    "about": "about", "around": "about", "roughly": "about", "some": "about",
    "nearly": "about", "almost": "about", "approximately": "about", "approx.": "about",
    "close to": "about", "circa": "about", "an estimated": "about", "estimated": "about",
    "an approximate": "about", "just about": "about", "nigh on": "about",
    "more than": "over", "over": "over", "exceeded": "over", "exceeding": "over",
    "exceeds": "over", "exceed": "over", "above": "over", "in excess of": "over",
    "upwards of": "over", "topped": "over", "surpassed": "over", "just over": "over",
    "well over": "over", "well above": "over", "slightly more than": "over",
    "a little over": "over", "record high of over": "over", "over the": "over",
    "under": "under", "less than": "under", "below": "under", "fewer than": "under",
    "just under": "under", "up to": "under", "slightly less than": "under",
    "at least": "at least", "no less than": "at least", "not less than": "at least",
    "a minimum of": "at least", "no fewer than": "at least",
}

COUNTRY_NOUNS = frozenset(
    "countries country states nations markets destinations customers clients buyers "
    "recipients partners".split())
PROJECT_NOUNS = frozenset("projects programmes programs".split())
SUPERLATIVES = frozenset("largest biggest leading top".split())
RANK_VERBS = frozenset(
    "ranked ranks rank ranking came comes placed places finished stood stands remained remains "
    "slipped dropped fell rose climbed moved jumped occupies occupied holds held retained "
    "falling rising climbing slipping dropping moving sliding slid "
    "is was became becomes".split())

# --- cue phrases, matched on lower-case tokens -------------------------------------------------

METRIC_CUES: dict[str, tuple[str, ...]] = {
    "order_book": (
        "order book", "order-book", "orderbook", "order books", "order portfolio",
        "portfolio of orders", "backlog", "portfolio", "orders backlog", "order backlog",
        "export portfolio", "outstanding orders", "unfulfilled orders",
    ),
    "licences_value": (
        "licence", "licences", "license", "licenses", "licensing", "licensed", "approvals",
        "approved", "approve", "approves", "approval", "granted", "issued", "authorisations",
        "authorizations", "authorised", "authorized", "permits",
        "permit", "direct commercial sales", "dcs", "export approvals", "clearances",
    ),
    "contracts_value": (
        "contracts", "contract", "orders", "new orders", "order intake", "agreements",
        "signed", "booked", "bookings", "foreign military sales", "fms", "export deals",
        "deals", "export orders", "sales agreements", "order", "orders worth", "sign", "signs",
        "signing", "secured", "concluded", "new business",
    ),
    "export_value": (
        "exports", "export", "exported", "earned", "earnings", "deliveries", "delivered",
        "shipped", "shipments", "sold", "sales", "supplies", "supplied", "export revenue",
        "export revenues", "exporting", "foreign sales", "overseas sales", "arms sales",
        "weapons sales", "defence sales", "defense sales", "revenue from exports",
        "export earnings", "exports reached", "income from exports", "deliver", "delivers",
        "delivering", "sell", "sells", "selling", "supply", "exporter", "exporters",
    ),
}
"""Money metrics by their words; the nearest wins, and a longer phrase over its part."""
ARMS_WORDS = frozenset(
    "arms weapons weapon defence defense military munitions armaments armament equipment "
    "aerospace security".split())
SHARE_WORDS = frozenset("share shares accounted account accounts accounting".split())
GLOBAL_WORDS = frozenset("global world world's worldwide international".split())
EXPORT_WORDS = frozenset(
    "exports export exporter exporters exporting supplier suppliers seller sellers "
    "deliveries transfers sales".split())
IMPORT_WORDS = frozenset(
    "imports import importer importers importing imported purchases purchased purchase "
    "bought buys buy buying buyer buyers procurement procured acquisitions acquired acquire "
    "recipient recipients receiving received".split())
"""A buyer's figure: an import, a purchase, a recipient's share."""
GROWTH_BEFORE = frozenset(
    "by up down rose fell grew increased decreased dropped jumped climbed surged declined "
    "increase rise growth jump drop fall decline surge gain plunged slumped soared".split())
GROWTH_AFTER = frozenset(
    "increase rise growth jump drop decline fall up down more less higher lower year-on-year "
    "y/y yoy points point surge gain compared rise rises increases jumped".split())
TARGET_WORDS = frozenset(
    "target targets targeted targeting goal goals aim aims aimed aiming ambition ambitions "
    "objective objectives forecast forecasts forecasted predict predicts predicted prediction "
    "projection projections projected expect expects expected expecting plan plans planned "
    "planning hope hopes hoped intend intends envisage envisages could would might will shall "
    "should potential possible seeks seek wants want aspire aspires vision likely poised "
    "outlook".split())
TARGET_PHRASES = ("set to", "on track to", "is to", "are to", "counting on", "by 2030",
                  "by 2027", "by 2028", "by 2029", "by 2035", "'ll", "in the coming",
                  "over the next", "in the next", "may have", "might have", "could have",
                  "may be", "may well", "going to", "is going", "are going", "to remain",
                  "to reach", "to exceed", "to top", "to hit", "to surpass", "to double",
                  "to triple", "to cross", "may reach", "may exceed", "may top", "may total",
                  "may amount", "may rise", "may grow", "may hit", "may surpass")
NEGATION_PHRASES = (
    "did not", "does not", "do not", "has not", "have not", "had not", "was not", "were not",
    "is not", "are not", "n't", "declined to", "refused to", "gave no", "no figure",
    "not confirm", "unconfirmed", "did not disclose", "not disclosed", "undisclosed",
)
SPENDING_WORDS = frozenset(
    "budget budgets spending spend spends spent expenditure expenditures outlays "
    "appropriations funding funds investment investments aid assistance grants grant "
    "subsidies".split())
ECONOMY_WORDS = frozenset(
    "economy gdp merchandise non-oil non-energy commodities commodity economic".split())
"""Money or shares of the whole economy, not of arms exports."""
PRODUCTION_WORDS = frozenset("production output manufacturing procurement".split())
"""What a state makes or buys (unless the figure's chunk says it was exported)."""
REVENUE_WORDS = frozenset(
    "revenue revenues turnover profit profits income ebit margin consolidated operating "
    "net".split())
WORLD_PHRASES = (
    "global arms trade", "global arms market", "world arms market", "world arms trade",
    "global defence market", "global defense market", "international arms transfers",
    "global arms transfers", "world arms transfers", "market size", "market is", "market was",
    "market value", "market worth", "global market", "world market", "the market",
    "the global", "arms trade treaty", "international transfers",
)
DEAL_WORDS = frozenset(
    "deal contract agreement package purchase tender order sale acquisition".split())
DEAL_DETERMINERS = frozenset("a an one single this that the its each another".split())
SUB_PHRASES = ("of which", "of its exports", "of its arms exports", "of the total",
               "went to", "were destined", "destined for", "came from", "funded by",
               "were funded", "was funded",
               "accounted for", "account for", "made up", "private sector", "public sector",
               "dpsus", "psus", "private companies", "public sector undertakings",
               "contributed", "share of its")
"""A part of one exporter's total: a sector's, a region's or a recipient's."""
ADJUSTMENT_WORDS = frozenset("adjusted adjustment revised revision restated recalculated "
                             "inflation-adjusted".split())
COOPERATION_WORDS = frozenset(
    "cooperation co-operation military-technical joint partner partners partnership "
    "collaboration projects project programmes localisation localization licensed "
    "co-production co-development".split())
BUYER_VERB_WORDS = frozenset(
    "export exports exported exporting deliver delivers delivered delivering deliveries supply "
    "supplies supplied supplying sell sells sold selling ship ships shipped customers buyers "
    "clients recipients markets destinations received receive bought buy purchased purchase "
    "operate operated operates operating use used uses service present presence products "
    "equipment weapons arms systems sales".split())
"""Words that make a count of countries a count of buyers."""

REPORTING_VERBS = frozenset(
    "said says say told tells announced announces reported reports stated states estimated "
    "estimates noted notes wrote writes declared revealed disclosed added claimed confirmed "
    "confirms showed shows found finds according highlighted stressed emphasised emphasized "
    "explained underlined pointed boasted insisted stressed recalled recalls put puts disputed "
    "countered argued warned cited quoted".split())
TITLE_WORDS = frozenset(
    "president vice prime minister deputy defence defense foreign trade industry finance "
    "economy economic affairs secretary director directors general chancellor chairman "
    "chairwoman senator lawmaker chief head ceo ambassador admiral colonel mr mrs ms dr "
    "spokesman spokeswoman spokesperson executive first commissioner governor undersecretary "
    "under-secretary state".split())
ORG_HEADS = frozenset(
    "ministry department agency institute assembly presidency office directorate "
    "administration commission council service corporation bureau government committee "
    "association federation chamber authority secretariat cabinet centre center kremlin "
    "institution organisation organization".split())

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

COMPANIES = (
    "Lockheed Martin", "Lockheed", "Boeing", "Raytheon", "RTX", "Northrop Grumman",
    "General Dynamics", "BAE Systems", "Airbus", "Thales", "Leonardo", "Rheinmetall", "Hanwha",
    "Korea Aerospace Industries", "KAI", "Hyundai Rotem", "LIG Nex1", "Elbit", "Elbit Systems",
    "Israel Aerospace Industries", "IAI", "Rafael", "Aselsan", "Baykar", "Roketsan", "TUSAS",
    "Saab", "Kongsberg", "Dassault", "Dassault Aviation", "Safran", "MBDA", "KNDS",
    "Naval Group", "Embraer", "Avibras", "Hindustan Aeronautics", "HAL", "Bharat Electronics",
    "BEL", "Norinco", "AVIC", "CSSC", "Almaz-Antey", "United Aircraft Corporation",
    "Uralvagonzavod", "Fincantieri", "Navantia", "Indra", "Nammo", "Patria", "Diehl",
    "Hensoldt", "ThyssenKrupp", "Krauss-Maffei", "Rolls-Royce", "Babcock", "QinetiQ",
    "L3Harris", "Textron", "Huntington Ingalls", "Honeywell", "Colt", "CZG", "PGZ", "EDGE",
    "Mahindra", "Larsen & Toubro", "Adani", "Tata Advanced Systems", "BrahMos", "Ukroboronprom",
    "Poongsan", "Czechoslovak Group",
)
"""Arms companies by name: their revenue, orders and backlogs are not a state's."""
COMPANY_HEADS = frozenset(
    "complex factories factory industries company corporation works limited ltd group systems "
    "aerospace dynamics shipyard shipyards technologies holding holdings inc plc".split())
"""Last words of company names (``Pakistan Ordnance Factories``, ``Heavy Industries``)."""


@cache
def country_table() -> dict[str, str | None]:
    """Name in text -> ISO3 of the state (None for a region): the names of
    :func:`armsledger.actors.text_names` plus the state agencies of :data:`AGENCIES`."""
    table = dict(actors.text_names())
    for name, (iso3, _display) in AGENCIES.items():
        if iso3 is not None:
            table[name] = iso3
    return table
