"""Claim extraction: precision and recall on the sample articles and our own harder cases,
plus the rules one sentence at a time (money, qualifiers, periods, ranks, exclusions) and
loading of odd files (HTML with scripts, encodings, binary garbage).

``pytest -s tests/test_extract.py`` prints the per-article figures.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armsledger.claims.extract import extract, extract_file
from armsledger.claims.model import MONEY_METRICS, Claim
from armsledger.errors import InputError
from armsledger.sources.article import load_text

HERE = Path(__file__).resolve().parent
OWN = HERE / "data" / "articles"
KEY_FIELDS = ("metric", "subject_exporter", "value", "qualifier", "period_start", "period_end")


def shared_samples() -> Path:
    """The ten sample articles beside the project (or ARMSLEDGER_SHARED_SAMPLES)."""
    env = os.environ.get("ARMSLEDGER_SHARED_SAMPLES")
    path = Path(env) if env else HERE.parent.parent / "shared" / "samples" / "articles"
    if not (path / "expected.json").exists():
        pytest.fail(f"sample articles missing: {path} (set ARMSLEDGER_SHARED_SAMPLES)")
    return path


def _key(c: dict) -> tuple:
    return tuple(float(c[k]) if k == "value" else c[k] for k in KEY_FIELDS)


def score(folder: Path) -> tuple[float, float, dict[str, tuple[int, int, int]]]:
    """(precision, recall, {file: (tp, fp, fn)}) of extract_file against expected.json."""
    per: dict[str, tuple[int, int, int]] = {}
    for article in json.loads((folder / "expected.json").read_text(encoding="utf-8")):
        want = [_key(c) for c in article["claims"]]
        got = [_key(c.to_dict()) for c in extract_file(folder / article["file"])]
        tp = 0
        for k in got:
            if k in want:
                want.remove(k)
                tp += 1
        per[article["file"]] = (tp, len(got) - tp, len(want))
    tp, fp, fn = (sum(v[i] for v in per.values()) for i in range(3))
    return tp / max(1, tp + fp), tp / max(1, tp + fn), per


def _report(name: str, folder: Path) -> tuple[float, float]:
    precision, recall, per = score(folder)
    print(f"\n{name}: {folder}")
    for file, (tp, fp, fn) in per.items():
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        print(f"  {file:42} tp={tp:2} fp={fp:2} fn={fn:2}  P={p:.2f} R={r:.2f}")
    print(f"  overall: precision={precision:.3f} recall={recall:.3f}")
    return precision, recall


def _all_files() -> list[Path]:
    return sorted(p for d in (shared_samples(), OWN) for p in d.iterdir()
                  if p.suffix in (".txt", ".md", ".html"))


# --- precision and recall --------------------------------------------------------------------

def test_sample_articles_precision_and_recall() -> None:
    precision, recall = _report("sample articles", shared_samples())
    assert precision >= 0.85 and recall >= 0.85


def test_own_hard_cases_precision_and_recall() -> None:
    precision, recall = _report("own hard cases", OWN)
    assert precision >= 0.85 and recall >= 0.85


def test_article_10_gives_no_claims() -> None:
    assert extract_file(shared_samples() / "10-china-airshow-no-claims.txt") == []


@pytest.mark.parametrize("name", ["d-hedged-forecasts.txt", "f-no-claims.txt"])
def test_files_without_claims_return_empty(name: str, tmp_path: Path) -> None:
    assert extract_file(OWN / name) == []
    plain = tmp_path / "plain.txt"
    plain.write_text("A short note with no figures at all.\n", encoding="utf-8")
    assert extract_file(plain) == []
    assert extract("") == [] and extract("   \n\n ") == []


def test_every_quote_is_an_exact_substring_with_its_span() -> None:
    for path in _all_files():
        text = load_text(path).text
        for c in extract_file(path):
            assert c.span is not None, (path.name, c)
            assert text[c.span[0]:c.span[1]] == c.quote, (path.name, c)
            assert c.quote and c.quote in text


def test_own_expected_quotes_are_in_the_loaded_texts() -> None:
    for article in json.loads((OWN / "expected.json").read_text(encoding="utf-8")):
        text = load_text(OWN / article["file"]).text
        for c in article["claims"]:
            assert c["quote"] in text, (article["file"], c["quote"])


def test_money_quotes_contain_the_figure() -> None:
    for path in _all_files():
        for c in extract_file(path):
            if c.metric in MONEY_METRICS:
                digits = re.sub(r"\D", "", f"{c.value:g}")
                assert digits in re.sub(r"\D", "", c.quote), (path.name, c.quote, c.value)


# --- context, HTML and bad input -------------------------------------------------------------

def test_claimant_and_subject_carried_from_context() -> None:
    text = ("Russian arms exporter upbeat\n\n"
            "MOSCOW, 3 March 2025 – Rosoboronexport's order book stood at $60 billion at the end "
            "of 2024, its director general Alexander Mikheyev said.\n\n"
            "He added that deliveries brought in about $9 billion during the year.")
    book, deliveries = extract(text)
    assert book.claimant == deliveries.claimant == "Alexander Mikheyev (Rosoboronexport)"
    assert (deliveries.subject_exporter, deliveries.metric) == ("RUS", "export_value")
    assert (deliveries.period_start, deliveries.qualifier) == ("2024", "about")
    # two claimants alternating, with "he" and a family name ("According to Kim")
    claims = extract_file(OWN / "e-two-claimants.txt")
    assert [c.claimant for c in claims] == [
        "Seok Jong-gun (DAPA)", "Seok Jong-gun (DAPA)", "Kim Byung-joo",
        "Defense Acquisition Program Administration (DAPA)", "Kim Byung-joo"]
    assert {c.subject_exporter for c in claims} == {"KOR"}


def test_html_page_scripts_never_reach_text_or_quotes() -> None:
    path = OWN / "a-html-rosoboronexport.html"
    doc = load_text(path)
    for hidden in ("$88", "$99", "$77", "$66", "dataLayer", "font-family", "editor's note"):
        assert hidden not in doc.text
    assert "€8.5 billion" in doc.text and "&nbsp;" not in doc.text and "&ndash;" not in doc.text
    assert doc.title == "Russian arms exporter reports bigger order book"
    assert doc.date == date(2025, 11, 18)
    assert doc.source.outlet == "Defence Wire"
    assert doc.source.url == "https://example.org/news/rosoboronexport-order-book"
    claims = extract_file(path)
    assert claims and all("$88" not in c.quote and "$99" not in c.quote for c in claims)
    assert all(c.source.file == str(path) for c in claims)


def test_dateline_and_markdown_metadata() -> None:
    doc = load_text(shared_samples() / "01-russia-2025-arms-earnings.txt")
    assert doc.date == date(2026, 1, 30)
    assert doc.title == "Putin: arms exports earned Russia over $15bn in 2025"
    md = load_text(OWN / "c-uk-pounds.md")
    assert (md.title, md.date, md.source.outlet) == (
        "UK defence exports hold steady", date(2024, 7, 10), "Example Defence Review")
    assert "**" not in md.text and "](" not in md.text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_encodings(encoding: str, tmp_path: Path) -> None:
    text = "German arms\n\nGermany approved arms exports worth €2.9 billion in 2025 – a “record”."
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    doc = load_text(path)
    assert "€2.9 billion" in doc.text and "\ufeff" not in doc.text
    assert [c.value for c in extract_file(path)] == [2.9]


@pytest.mark.parametrize("data", [bytes(range(256)) * 40, b"%PDF-1.7\n" + bytes(200),
                                  b"\x89PNG\r\n\x1a\n" + bytes(100), b"text\x00\x01\x02" * 50])
def test_binary_garbage_raises_input_error(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        load_text(path)
    problem = err.value.problems[0]
    assert problem.file == str(path) and problem.line is None
    assert "not a text file" in problem.message


def test_missing_file_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        extract_file(tmp_path / "nope.txt")


@pytest.mark.parametrize("text", [
    "$$$ 15bn bn", "(" * 300 + "$5bn" + ")" * 300, "Rs. Rs. crore FY FY 2023-24", "The " * 2000,
    "“$5bn,” he said.", "2020–2024–2028 – – –", "₩3 trillion won ¥ ¥100", "He said it.\x0b",
])
def test_odd_text_never_crashes(text: str) -> None:
    assert isinstance(extract(text), list)


# --- one sentence at a time ------------------------------------------------------------------

def _one(sentence: str, published: date | None = date(2025, 3, 1)) -> Claim:
    claims = extract("Headline\n\n" + sentence, published=published)
    assert len(claims) == 1, (sentence, claims)
    return claims[0]


@pytest.mark.parametrize(("sentence", "value", "unit", "currency"), [
    ("Russia's arms exports reached $15bn in 2023.", 15, "billion", "USD"),
    ("Russia's arms exports reached US$14.6 billion in 2023.", 14.6, "billion", "USD"),
    ("Russia's arms exports brought in 15 billion dollars in 2023.", 15, "billion", "USD"),
    ("France booked export orders worth €12.8 billion in 2023.", 12.8, "billion", "EUR"),
    ("France booked export orders worth 12.8 billion euros in 2023.", 12.8, "billion", "EUR"),
    ("India's defence exports were Rs 21,083 crore in 2023.", 21083, "crore", "INR"),
    ("India's defence exports were ₹23,622 crore in 2024.", 23622, "crore", "INR"),
    ("India's defence exports were Rs 1.2 lakh crore in 2024.", 120000, "crore", "INR"),
    ("Russian arms exports earned 1.2 trillion rubles in 2024.", 1.2, "trillion", "RUB"),
    ("British defence exports were £1.5bn in 2023.", 1.5, "billion", "GBP"),
    ("Japanese defence exports were ¥120 billion in 2023.", 120, "billion", "JPY"),
    ("Chinese arms exports were 20 billion yuan in 2023.", 20, "billion", "CNY"),
    ("South Korean arms exports were 9 trillion won in 2024.", 9, "trillion", "KRW"),
    ("Swedish arms exports totalled 21.3 billion kronor in 2023.", 21.3, "billion", "SEK"),
    ("Israeli defence exports reached $850 million in 2023.", 850, "million", "USD"),
])
def test_money_spellings(sentence: str, value: float, unit: str, currency: str) -> None:
    c = _one(sentence)
    assert (c.value, c.unit, c.currency) == (value, unit, currency)
    assert c.period_start is not None


@pytest.mark.parametrize(("words", "qualifier"), [
    ("", "exact"), ("a record ", "exact"), ("about ", "about"), ("around ", "about"),
    ("roughly ", "about"), ("some ", "about"), ("nearly ", "about"), ("almost ", "about"),
    ("approximately ", "about"), ("more than ", "over"), ("over ", "over"), ("above ", "over"),
    ("under ", "under"), ("less than ", "under"), ("below ", "under"),
    ("at least ", "at least"), ("no less than ", "at least"),
])
def test_qualifiers(words: str, qualifier: str) -> None:
    c = _one(f"Turkish defence exports came to {words}$5.5 billion in 2023.")
    assert (c.value, c.qualifier) == (5.5, qualifier)
    assert _one("Turkish defence exports exceeded $5.5 billion in 2023.").qualifier == "over"


@pytest.mark.parametrize(("sentence", "metric", "value"), [
    ("SIPRI said Russia accounted for a fifth of global arms exports in 2017–2021.",
     "global_share", 20),
    ("SIPRI said Russia accounted for a quarter of global arms exports in 2017–2021.",
     "global_share", 25),
    ("SIPRI said Russia accounted for a third of global arms exports in 2017–2021.",
     "global_share", 33.3),
    ("SIPRI said the US supplied 43% of global exports of major arms in 2020–2024.",
     "global_share", 43),
    ("SIPRI said China held a 5.9% share of global arms exports in 2020–2024.",
     "global_share", 5.9),
    ("SIPRI said Russia was the third-largest exporter in 2020–2024.", "rank", 3),
    ("SIPRI said France was the second-largest arms exporter in 2020–2024.", "rank", 2),
    ("SIPRI said the US was the world's largest arms exporter in 2020–2024.", "rank", 1),
    ("Among arms exporters in 2020–2024, China came fourth, SIPRI said.", "rank", 4),
    ("Russian weapons were delivered to over 30 countries in 2024.", "recipient_countries", 30),
    ("Turkish defence products were sold in 180 countries in 2024.", "recipient_countries", 180),
    ("Russia runs 340 joint military-technical cooperation projects in 2025.",
     "cooperation_projects", 340),
])
def test_shares_ranks_and_counts(sentence: str, metric: str, value: float) -> None:
    c = _one(sentence)
    assert (c.metric, c.value) == (metric, value)


@pytest.mark.parametrize(("sentence", "start", "end"), [
    ("India's defence exports were Rs 21,083 crore in FY 2023-24.", "2023-04", "2024-03"),
    ("India's defence exports were Rs 21,083 crore in the financial year 2023-24.",
     "2023-04", "2024-03"),
    ("US Foreign Military Sales reached $117.9 billion in fiscal year 2024.", "2023-10", "2024-09"),
    ("US Foreign Military Sales reached $80.9 billion in FY2023.", "2022-10", "2023-09"),
    ("Russia's order book reached $57 billion at the end of 2024.", "2024", "2024"),
    ("Russia's arms exports stayed at roughly $15bn a year between 2012 and 2021.",
     "2012", "2021"),
    ("Russia's arms exports brought in $15 billion last year.", "2024", "2024"),
    ("German arms export approvals reached €2.9 billion in the first half of 2025.",
     "2025-01", "2025-06"),
])
def test_periods(sentence: str, start: str, end: str) -> None:
    c = _one(sentence)
    assert (c.period_start, c.period_end) == (start, end)
    if "a year between" in sentence:
        assert c.unit == "billion per year"


def test_relative_periods_follow_the_claims_before_them() -> None:
    text = ("India exports\n\nIndia's defence exports rose to Rs 21,083 crore in FY 2023-24, "
            "a growth of 32.5% over the previous year's Rs 15,920 crore. Indian arms went to "
            "more than 85 countries during the year.")
    first, previous, countries = extract(text)
    assert (previous.period_start, previous.period_end) == ("2022-04", "2023-03")
    assert (countries.period_start, countries.value, countries.qualifier) == ("2023-04", 85, "over")


@pytest.mark.parametrize("sentence", [
    "Turkey has set a target of $10 billion in defence exports by 2028.",
    "Officials said exports could exceed $20 billion if the negotiations succeed.",
    "The ministry aims to double arms exports to €20 billion.",
    "Putin predicted that arms exports would reach $17 billion in 2026.",
    "The ministry did not say how much equipment was exported in 2024.",
    "The agency declined to confirm a reported figure of $1.9 billion for 2024.",
    "Turkish defence exports rose by 29% in 2024.",
    "Exports grew 45.7% in fiscal 2024.",
    "Private companies supplied roughly 60% of the total.",
    "Europe accounted for 54% of Israel's defence deals in 2024.",
    "Poland signed a $6.5 billion contract for 180 K2 tanks in 2025.",
    "A single contract for KC-390 aircraft was worth about $1.1 billion.",
    "Deals worth a combined $9.4 billion were pushed into 2025.",
    "Brazil's economy as a whole exported goods worth $339 billion in 2023.",
    "Saudi Arabia spent $75bn on defence in 2023.",
    "If the numbers hold, exports will top $15bn in 2025.",
    "Ukraine was the world's largest arms importer in 2020–2024.",
    "Rheinmetall's order backlog reached a record €55 billion at the end of 2024.",
    "Germany's arms export approvals for Israel rose to €326.5 million in 2023.",
])
def test_not_extracted(sentence: str) -> None:
    assert extract("Headline\n\n" + sentence, published=date(2025, 3, 1)) == []


def test_bracketed_conversion_is_the_same_claim() -> None:
    c = _one("Russian arms deliveries brought in 900 billion rubles ($10.5 billion) in 2024.")
    assert (c.value, c.currency) == (900, "RUB")
    c = _one("India's defence exports were worth about $2.6 billion (Rs 21,083 crore) in 2023.")
    assert (c.value, c.currency) == (2.6, "USD")


def test_headline_figures_the_body_restates_are_quoted_from_the_body() -> None:
    text = ("Russia earned $15bn from arms in 2025\n\nRussia's arms exports earned about $15 "
            "billion in 2025, the Kremlin said.")
    (claim,) = extract(text)
    assert claim.quote.startswith("Russia's arms exports earned about $15")
    assert claim.qualifier == "about"
    # a headline figure the body does not state is the text's only statement of it
    (alone,) = extract("Russia earned $15bn from arms in 2025\n\nNo further details.")
    assert (alone.value, alone.period_start) == (15, "2025")


# --- the rebuilt extractor: the cases, one at a time --------------------------------

CORPUS = HERE / "data" / "claims_corpus"


def test_corpus_dev_split_scores() -> None:
    """Precision and recall on the real-text corpus's dev split (the texts the rules were
    written against; the test split is scored with `claims evaluate --split test`, never
    here). A regression guard: measured 0.74 / 0.76 on the 155 dev texts when written."""
    from armsledger.claims.evaluate import evaluate, load_corpus

    score = evaluate(load_corpus(CORPUS), "dev")
    precision, recall = score.overall()
    assert score.texts == 155
    assert precision >= 0.70 and recall >= 0.72, score.per_metric()


def test_corpus_annotations_are_well_formed() -> None:
    from armsledger.claims.evaluate import load_corpus

    entries = load_corpus(CORPUS)
    assert len(entries) >= 60
    assert {e.split for e in entries} == {"dev", "test", "holdout", "holdout2"}
    assert sum(e.split == "test" for e in entries) >= 20
    assert len({e.meta["outlet"] for e in entries}) >= 20
    assert sum(not e.gold for e in entries) >= 15  # texts with no export claim
    for e in entries:
        for g in e.gold:
            assert g["quote"] in e.text, (e.file, g["quote"])
            Claim.from_dict(g)  # every annotation is a valid claim


def test_projects_across_states_gives_both_claims() -> None:
    text = ("MOSCOW, 19 December 2025 - Putin said more than 340 projects already implemented "
            "or in development across 14 states.")
    got = {(c.metric, c.value, c.qualifier) for c in extract(text)}
    assert got == {("cooperation_projects", 340, "over"),
                   ("cooperation_partner_states", 14, "exact")}


@pytest.mark.parametrize(("sentence", "low", "high", "unit"), [
    ("Turkey's defence exports reached between $13 billion and $14 billion in 2025.", 13, 14,
     "billion"),
    ("South Korean arms exports were $14-15bn in 2024.", 14, 15, "billion"),
    ("Israeli defence exports were $13 to $14 billion in 2024.", 13, 14, "billion"),
])
def test_ranges_are_one_claim(sentence: str, low: float, high: float, unit: str) -> None:
    (c,) = extract(sentence, published=date(2025, 3, 1))
    assert (c.qualifier, c.value_low, c.value_high, c.unit) == ("range", low, high, unit)
    assert c.stated().startswith(f"{low:g}-{high:g}")


def test_a_change_from_one_figure_to_another_is_not_a_range() -> None:
    claims = extract("Russia's arms exports rose from $5 billion in 2023 to $7 billion in 2024.")
    assert [(c.value, c.qualifier, c.period_start) for c in claims] == [
        (5, "exact", "2023"), (7, "exact", "2024")]


@pytest.mark.parametrize(("sentence", "value", "unit", "currency"), [
    ("Russia's arms exports earned seven billion dollars in 2024.", 7, "billion", "USD"),
    ("Russia's arms exports reached $15B in 2024.", 15, "billion", "USD"),
    ("Russian arms exports brought in 15 bln rubles in 2024.", 15, "billion", "RUB"),
    ("India's defence exports reached 160 billion Indian rupees in 2024.", 160, "billion",
     "INR"),
])
def test_money_in_words_and_short_scales(sentence: str, value: float, unit: str,
                                         currency: str) -> None:
    (c,) = extract(sentence)
    assert (c.value, c.unit, c.currency) == (value, unit, currency)


@pytest.mark.parametrize(("sentence", "value"), [
    ("SIPRI says Italy ranks 11th among arms exporters in 2020-24.", 11),
    ("France took second place among arms exporters in 2020-24, SIPRI said.", 2),
    ("China fell to fourth among the world's arms exporters in 2020-24.", 4),
    ("Italy was last year's No. 6 arms exporter, SIPRI data show for 2024.", 6),
])
def test_ranks_in_words_and_numbers(sentence: str, value: int) -> None:
    (c,) = extract(sentence, published=date(2025, 3, 1))
    assert (c.metric, c.value) == ("rank", value)


def test_from_four_to_twelve_gives_two_counts_with_their_periods() -> None:
    text = ("SEOUL - South Korean arms went to a growing list of buyers: the number of countries "
            "buying its weapons rose from four in 2022 to 12 in 2023.")
    got = [(c.metric, c.value, c.period_start) for c in extract(text)]
    assert ("recipient_countries", 12, "2023") in got


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u02bc"])
def test_every_apostrophe_names_the_exporter(apostrophe: str) -> None:
    (c,) = extract(f"Russia{apostrophe}s arms exports reached $15 billion in 2024.")
    assert c.subject_exporter == "RUS"
    assert c.quote.startswith(f"Russia{apostrophe}s")  # quoted from the original text


def test_shares_listed_for_several_exporters() -> None:
    text = ("SIPRI said the USA accounted for 43% of global arms exports in 2020-24, followed by "
            "France (9.6%), Russia (7.8%) and China (5.9%).")
    got = {(c.subject_exporter, c.value) for c in extract(text)}
    assert got == {("USA", 43), ("FRA", 9.6), ("RUS", 7.8), ("CHN", 5.9)}


def test_two_periods_in_one_sentence() -> None:
    text = "Russia's share of global arms exports fell from 21% in 2015-19 to 7.8% in 2020-24."
    got = [(c.value, c.period_start, c.period_end) for c in extract(text)]
    assert got == [(21, "2015", "2019"), (7.8, "2020", "2024")]


@pytest.mark.parametrize(("sentence", "start", "end"), [
    ("German arms export licences reached €8 billion between January and August 2024.",
     "2024-01", "2024-08"),
    ("German arms export approvals were €4.9 billion from January 1 to March 27, 2024.",
     "2024-01", "2024-03"),
    ("Russia's arms exports reached $5.2 billion since the beginning of the year.",
     "2025-01", "2025-03"),
    ("Russia's arms exports reached $15 billion over the past year.", "2024", "2024"),
])
def test_periods_relative_to_the_date(sentence: str, start: str, end: str) -> None:
    (c,) = extract(sentence, published=date(2025, 3, 1))
    assert (c.period_start, c.period_end) == (start, end)


def test_undated_relative_period_is_not_guessed() -> None:
    (c,) = extract("Russia's arms exports brought in $15 billion last year.")
    assert (c.period_start, c.period_end, c.period_relative) == (None, None, "last year")


def test_the_same_figure_twice_is_one_claim_with_both_mentions() -> None:
    text = ("Russia's arms exports earned about $15 billion in 2025, the Kremlin said. "
            "Officials repeated that arms exports earned $15 billion in 2025.")
    (c,) = extract(text)
    assert c.qualifier == "about" and len(c.mentions) == 2
    assert text[c.mentions[1][0]:c.mentions[1][1]].endswith("$15 billion in 2025")


def test_explain_records_the_rule_for_every_quantity() -> None:
    from armsledger.claims.extract import explain

    text = ("Turkey's defence exports reached $7.2 billion in 2024, a 29% rise, beating the "
            "target of $6.5 billion. Poland signed a $5.76 billion deal for K9 howitzers. "
            "India was the world's largest arms importer in 2020-24.")
    rules = [(d.text, d.rule) for d in explain(text)]
    assert rules[0] == ("$7.2 billion", "claim")
    assert dict(rules)["29%"] == "growth"
    assert dict(rules)["$6.5 billion"] == "target"
    assert dict(rules)["$5.76 billion"] == "single_deal"
    assert all(d.reason for d in explain(text))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "Russia's", "arms", "exports", "reached", "$15", "billion", "bn", "in", "2024", "2020-24",
    "from", "to", "between", "and", "%", "21", "third-largest", "exporter", "countries",
    "30", "projects", "last", "year", ",", ".", "(", ")", "FY", "2023-24", "Rs", "crore",
    "seven", "twelve", "No.", "ranks", "11th", "\u2019s", "\u2013", "\n", "the", "said",
    "SIPRI", "target", "of", "imports", "India", "about", "more", "than", "lakh", "won",
]), min_size=1, max_size=60))
def test_fuzzed_texts_never_crash_and_quotes_are_exact(words: list[str]) -> None:
    text = " ".join(words)
    for c in extract(text, published=date(2025, 3, 1)):
        assert c.span is not None and text[c.span[0]:c.span[1]] == c.quote
        assert c.metric in ("export_value", "contracts_value", "order_book", "licences_value",
                            "recipient_countries", "cooperation_projects",
                            "cooperation_partner_states", "global_share", "rank")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_unicode_text_never_crashes(text: str) -> None:
    for c in extract(text):
        assert c.span is not None and text[c.span[0]:c.span[1]] == c.quote


def test_a_fresh_process_extracts_a_text_that_names_the_us_first() -> None:
    """Token roles are registered with the pipeline, not on first use of the matcher (a text
    whose first state named is 'US' once crashed a fresh process)."""
    import subprocess
    import sys

    code = ("from armsledger.claims.extract import extract; "
            "print(len(extract('US arms exports reached $100 billion in 2024.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "1"


def test_a_figure_stated_once_for_each_of_several_states() -> None:
    text = ("SIPRI said China, France and Germany each account for five percent of global arms "
            "exports in 2010-14.")
    got = {(c.subject_exporter, c.metric, c.value) for c in extract(text)}
    assert got == {(iso, "global_share", 5) for iso in ("CHN", "FRA", "DEU")}
