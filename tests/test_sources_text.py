"""The one decoder (sources/text.py) and the readers that use it: SIPRI exports, embargo
tables, claims files and articles read bytes by the same rule and fail with the same errors."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from samples import REG_ROWS, TIV_EXPORTS_2024_EXCERPT, register_text

from armsledger import actors
from armsledger.errors import InputError
from armsledger.sources import read_source
from armsledger.sources.article import load_text
from armsledger.sources.claims_file import read_claims_file
from armsledger.sources.embargo_table import parse_embargoes, read_embargo_file
from armsledger.sources.problems import ProblemLog
from armsledger.sources.text import decode, read_raw, read_text

EMBARGO_HEADER = ("embargo_id,imposed_by,target,target_iso3,target_kind,scope,start_date,"
                  "end_date,legal_basis,notes,source_url")
CLAIMS_HEADER = ("claimant,subject_exporter,metric,value,unit,currency,qualifier,period_start,"
                 "period_end,quote")


def embargo_text(target: str = "Côte d’Ivoire", iso3: str = "CIV") -> str:
    return (f"{EMBARGO_HEADER}\n"
            f"UN-X-2004,UN,{target},{iso3},state,full,2004-11,2016-04,UNSCR 1572,,https://x\n")


def claims_text(claimant: str = "Ministère “officiel”") -> str:
    return f"{CLAIMS_HEADER}\n{claimant},FRA,export_value,5,billion,EUR,about,2024,2024,q\n"


READERS = {
    "SIPRI export": read_source,
    "embargo table": read_embargo_file,
    "claims file": read_claims_file,
    "article": load_text,
}


def only_problem(info: pytest.ExceptionInfo[InputError]):
    assert len(info.value.problems) == 1
    return info.value.problems[0]


# --- the rule, step by step -------------------------------------------------------------------


@pytest.mark.parametrize(("data", "encoding"), [
    (b"plain ASCII", "utf-8"),
    ("d\u00e9j\u00e0 \u20ac".encode(), "utf-8"),
    (b"\xef\xbb\xbfwith a BOM \xc3\xa9", "utf-8-sig"),
    ("UTF-16 \u20ac".encode("utf-16"), "utf-16"),
    ("Latin-1 caf\u00e9".encode("latin-1"), "latin-1"),
    ("cp1252 \u201cquoted\u201d \u2013 \u20ac5".encode("cp1252"), "cp1252"),
])
def test_encodings_by_the_rule(data: bytes, encoding: str) -> None:
    text, found = decode(data, "x.txt", what="text")
    assert found == encoding
    assert text == data.decode(encoding)
    assert "\ufeff" not in text


def test_declared_charset_only_where_the_caller_allows_it() -> None:
    page = b'<meta charset="koi8-r"><p>' + "Москва".encode("koi8-r")
    assert decode(page, "p.html", what="a page", declared_charset=True) == (
        page.decode("koi8-r"), "koi8-r")
    assert decode(page, "p.csv", what="a table")[1] == "latin-1"
    # UTF-8 comes first: a declared charset never overrides valid UTF-8.
    utf8 = '<meta charset="latin-1"><p>Москва'.encode()
    assert decode(utf8, "p.html", what="a page", declared_charset=True)[1] == "utf-8"


def test_empty_files() -> None:
    with pytest.raises(InputError, match="the file is empty; expected a table") as info:
        decode(b" \n\t\n", "e.csv", what="a table")
    assert only_problem(info).line == 1
    assert decode(b"\n", "e.txt", what="an article", allow_empty=True) == ("", "utf-8")


@pytest.mark.parametrize(("data", "why"), [
    (b"%PDF-1.7\n" + b"x" * 100, "it looks like a PDF file"),
    (b"PK\x03\x04" + b"x" * 100, "it looks like a ZIP file (or an .xlsx workbook)"),
    (b"a,b\n\x00\x00\x00", "it contains NUL bytes"),
    (b"a,b\n" + b"\x01\x02\x03\x04" * 10 + b"c" * 100, "too many control characters"),
    (b"\xff\xfe" + b"\x00\xd8", "bad UTF-16"),
])
def test_not_text(data: bytes, why: str) -> None:
    with pytest.raises(InputError) as info:
        decode(data, "b.csv", what="a table")
    problem = only_problem(info)
    assert problem.file == "b.csv" and problem.line is None
    assert problem.message == f"this is not a text file ({why}); expected a table"


def test_text_file_reports_sha_of_the_decompressed_bytes(tmp_path: Path) -> None:
    body = "name\nCôte d’Ivoire\n".encode()
    (tmp_path / "a.csv").write_bytes(body)
    (tmp_path / "a.csv.gz").write_bytes(gzip.compress(body))
    plain, packed = read_text(tmp_path / "a.csv", what="t"), read_text(tmp_path / "a.csv.gz",
                                                                         what="t")
    assert plain.text == packed.text == body.decode()
    assert plain.sha256 == packed.sha256


# --- the known bugs: a BOM before invalid UTF-8, and broken gzip data ------------------------


def test_bom_with_invalid_utf8_names_the_file_and_line(write) -> None:
    """It used to escape as a raw UnicodeDecodeError from the register and TIV readers."""
    rows = [REG_ROWS[0], REG_ROWS[1].replace("Algeria", "Alg\xe9ria")]
    data = b"\xef\xbb\xbf" + register_text(rows).encode("latin-1")
    path = write("register.csv", data)
    with pytest.raises(InputError) as info:
        read_source(path)
    problem = only_problem(info)
    assert (problem.file, problem.line) == (str(path), 3)
    assert "invalid UTF-8 (byte 0xe9)" in problem.message and "byte-order mark" in problem.message

    tiv = TIV_EXPORTS_2024_EXCERPT.read_bytes()
    assert not tiv.startswith(b"\xef\xbb\xbf")
    lines = tiv.split(b"\n")
    lines[11] = lines[11].replace(b"Soviet", b"Sovi\xe9t")
    path = write("tiv.csv", b"\xef\xbb\xbf" + b"\n".join(lines))
    with pytest.raises(InputError) as info:
        read_source(path)
    assert (only_problem(info).file, only_problem(info).line) == (str(path), 12)


@pytest.mark.parametrize("reader", list(READERS))
def test_bom_with_invalid_utf8_is_the_same_error_for_every_reader(reader: str, write) -> None:
    path = write("bom.csv", b"\xef\xbb\xbfline one\nline \xff two\n")
    with pytest.raises(InputError) as info:
        READERS[reader](path)
    assert only_problem(info).line == 2
    assert "invalid UTF-8 (byte 0xff)" in only_problem(info).message


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("data", [
    b"\x1f\x8b\x08\x00garbage that is not deflate data",   # zlib.error
    gzip.compress(b"a,b\n1,2\n" * 100)[:30],                   # EOFError: truncated
    b"\x1f\x8b",                                               # nothing after the magic
], ids=["corrupt", "truncated", "magic only"])
def test_broken_gzip_is_an_input_error(reader: str, data: bytes, write) -> None:
    path = write("broken.csv.gz", data)
    with pytest.raises(InputError) as info:
        READERS[reader](path)
    problem = only_problem(info)
    assert problem.file == str(path) and problem.message.startswith("broken gzip data")


# --- every kind of input follows the same rule -------------------------------------------------


@pytest.mark.parametrize("reader", list(READERS))
def test_missing_file(reader: str, tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    with pytest.raises(InputError) as info:
        READERS[reader](path)
    problem = only_problem(info)
    assert (problem.file, problem.line) == (str(path), None)
    assert problem.message == "cannot read file: file not found"


@pytest.mark.parametrize("reader", list(READERS))
def test_binary_file(reader: str, write) -> None:
    path = write("image.csv", b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(InputError) as info:
        READERS[reader](path)
    assert only_problem(info).message.startswith(
        "this is not a text file (it looks like a PNG image); expected ")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_embargo_tables_and_claims_files_in_any_encoding(encoding: str, write) -> None:
    """They were UTF-8 only; now they are read by the same rule as the rest."""
    (embargo,), _ = read_embargo_file(write("e.csv", embargo_text(), encoding))
    assert embargo.target == "Côte d’Ivoire"
    (claim,) = read_claims_file(write("c.csv", claims_text(), encoding))
    assert claim.claimant == "Ministère “officiel”"


def test_latin1_embargo_table_and_gzipped_inputs(write, tmp_path: Path) -> None:
    (embargo,), _ = read_embargo_file(write("e.csv", embargo_text("Côte d'Ivoire"), "latin-1"))
    assert embargo.target == "Côte d'Ivoire"
    (embargo,), _ = read_embargo_file(write("e.csv.gz", gzip.compress(embargo_text().encode())))
    assert embargo.target == "Côte d’Ivoire"
    article = "German arms\n\nGermany approved arms exports worth €2.9 billion in 2025."
    doc = load_text(write("a.txt.gz", gzip.compress(article.encode("cp1252"))))
    assert doc.text == article and doc.title == "German arms"


def test_sipri_export_in_utf16_and_gzip(write) -> None:
    text = register_text()
    utf16 = read_source(write("r16.csv", text, "utf-16"))
    plain = read_source(write("r.csv", text))
    assert utf16.encoding == "utf-16" and plain.encoding == "utf-8"
    assert utf16.deals.equals(plain.deals)
    raw = read_raw(write("r.csv.gz", gzip.compress(text.encode())))
    assert raw.data == text.encode() and raw.sha256 == plain.sha256


def test_empty_claims_file_and_empty_article(write) -> None:
    with pytest.raises(InputError, match="the file is empty; expected a claims file"):
        read_claims_file(write("c.csv", ""))
    assert load_text(write("a.txt", "  \n")).text == ""


# --- one problem log ---------------------------------------------------------------------------


def test_claims_file_past_the_problem_limit(write) -> None:
    """Rows past the limit are still checked (never turned into claims), not a crash."""
    rows = "".join(f"A{i},RUS,gdp,3,billion,USD,exact,2025,2025,q\n" for i in range(80))
    with pytest.raises(InputError) as info:
        read_claims_file(write("bad.csv", CLAIMS_HEADER + "\n" + rows))
    assert len(info.value.problems) == 50 and info.value.truncated
    assert info.value.problems[0].line == 2


def test_problem_log_counts_past_its_limit() -> None:
    log = ProblemLog("f.csv", limit=2)
    for line in range(5):
        log.add(line, "c", "bad")
    assert (len(log.problems), log.seen, log.truncated) == (2, 5, True)


# --- embargo codes are the actor table's codes -------------------------------------------------


def test_embargo_codes_are_checked_by_actors_is_iso3(monkeypatch) -> None:
    text = embargo_text("Somewhere", "ZZZ")
    with pytest.raises(InputError, match="'ZZZ' is not an ISO 3166-1 alpha-3 code"):
        parse_embargoes(text, "e.csv")
    monkeypatch.setattr(actors, "is_iso3", lambda code: code.strip().upper() == "ZZZ")
    (embargo,) = parse_embargoes(text, "e.csv")
    assert embargo.target_iso3 == ("ZZZ",)


def test_every_code_of_the_actor_table_is_valid_in_an_embargo_table() -> None:
    codes = sorted({a.iso3 for a in actors.ActorTable.packaged().actors if a.iso3})
    assert "XKX" in codes and "SUN" in codes
    (embargo,) = parse_embargoes(embargo_text("All of them", ";".join(codes)), "e.csv")
    assert embargo.target_iso3 == tuple(codes)
