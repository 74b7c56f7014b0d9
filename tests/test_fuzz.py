"""Fuzzing the readers (issue 10): mutations of the shared samples, as text, CSV, xlsx
and PDF, raise nothing but gfs_ledger's own errors, through the audit and its outputs.

Under the ``ci`` profile (the default) each test tries a few dozen derandomized
mutations; ``HYPOTHESIS_PROFILE=fuzz`` tries thousands, differently each run (see
docs/fuzzing.md, which also runs the readers under atheris).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gfs_ledger import GfsLedgerError, Ledger, read_report
from gfs_ledger.output import audit_json, audit_text
from gfs_ledger.samples import SAMPLE_TABLE03, sample_path, sample_text

# Pieces that mean something to the readers: digits, separators, markers, dashes.
_TOKENS = ["\t", "\n", "\r", ",", ".", "-", "—", "——", "（", "）", "%", "万元", "元", "公开",
           "表", "公开03表", "注：", "合计", "第三部分", "第一部分", "本表无数据", "201", "20113",
           "9" * 40, "1e1000000", "1" * 5000, "占比", "增加", "\x00", "\ufeff", '"', ";"]
_PIECE = st.one_of(st.sampled_from(_TOKENS), st.text(max_size=12),
                   st.text("0123456789.,", min_size=1, max_size=30))

# The share of the profile's examples each fuzz test takes: the CI suite stays quick.
_EXAMPLES = max(8, settings.default.max_examples // 3)
_fuzz = settings(max_examples=_EXAMPLES, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])


@st.composite
def _mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` with one to three edits: a piece inserted, a span deleted or replaced, or
    a printed figure changed."""
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        span = draw(st.integers(0, 40))
        how = draw(st.sampled_from(["insert", "delete", "replace", "repeat"]))
        if how == "insert":
            text = text[:at] + draw(_PIECE) + text[at:]
        elif how == "delete":
            text = text[:at] + text[at + span:]
        elif how == "replace":
            text = text[:at] + draw(_PIECE) + text[at + span:]
        else:
            text = text[:at] + text[at:at + span] * draw(st.integers(2, 50)) + text[at + span:]
    return text


def _audit_everything(run: object) -> None:
    try:
        audit = run()  # type: ignore[operator]
        audit_text(audit, ["fuzz"])
        audit_json(audit)
    except GfsLedgerError:
        pass


_TEXT = sample_text()
_CSV = sample_path(SAMPLE_TABLE03).read_text(encoding="utf-8")


@_fuzz
@given(_mutated(_TEXT))
def test_a_mutated_disclosure_text_raises_only_gfs_ledger_errors(text: str) -> None:
    _audit_everything(lambda: read_report(text).audit())


@_fuzz
@given(_mutated(_CSV))
def test_a_mutated_csv_raises_only_gfs_ledger_errors(text: str) -> None:
    _audit_everything(lambda: Ledger.from_csv(text, source="fuzz.csv").check())


@pytest.fixture(scope="module")
def xlsx_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    pytest.importorskip("openpyxl")
    path = tmp_path_factory.mktemp("fuzz") / "t03.xlsx"
    Ledger.from_csv(_CSV).to_xlsx(path)
    return path.read_bytes()


def _rezip(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == name else source.read(item))
    return out.getvalue()


@_fuzz
@given(data=st.data())
def test_a_mutated_xlsx_raises_only_gfs_ledger_errors(xlsx_bytes: bytes, tmp_path: Path,
                                                      data: st.DataObject) -> None:
    names = zipfile.ZipFile(io.BytesIO(xlsx_bytes)).namelist()
    how = data.draw(st.sampled_from(["xml", "bytes", "cut"]))
    if how == "xml":  # a part's XML edited and zipped again (its checksum right)
        name = data.draw(st.sampled_from(names))
        xml = zipfile.ZipFile(io.BytesIO(xlsx_bytes)).read(name).decode("utf-8")
        book = _rezip(xlsx_bytes, name, data.draw(_mutated(xml)).encode("utf-8", "replace"))
    elif how == "bytes":
        at = data.draw(st.integers(0, len(xlsx_bytes) - 1))
        book = xlsx_bytes[:at] + bytes([xlsx_bytes[at] ^ data.draw(st.integers(1, 255))]) \
            + xlsx_bytes[at + 1:]
    else:
        book = xlsx_bytes[:data.draw(st.integers(0, len(xlsx_bytes) - 1))]
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(book)
    _audit_everything(lambda: Ledger.from_xlsx(path).check())


@pytest.fixture(scope="module")
def pdf_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    pytest.importorskip("pypdfium2")
    from pdfs import text_as_pdf

    # a short disclosure: 公开05表 and its note, laid out as a PDF
    start = _TEXT.index("一般公共预算财政拨款支出决算表")
    end = _TEXT.index("注：", start)
    text = _TEXT[start:_TEXT.index("\n", end)] + "\n"
    return text_as_pdf(text, tmp_path_factory.mktemp("fuzz") / "t05.pdf").read_bytes()


@settings(max_examples=max(5, _EXAMPLES // 2), suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_mutated_pdf_raises_only_gfs_ledger_errors(pdf_bytes: bytes, tmp_path: Path,
                                                     data: st.DataObject) -> None:
    how = data.draw(st.sampled_from(["bytes", "cut", "text"]))
    if how == "bytes":
        at = data.draw(st.integers(0, len(pdf_bytes) - 1))
        book = pdf_bytes[:at] + bytes([pdf_bytes[at] ^ data.draw(st.integers(1, 255))]) \
            + pdf_bytes[at + 1:]
    elif how == "cut":
        book = pdf_bytes[:data.draw(st.integers(0, len(pdf_bytes) - 1))]
    else:  # the content stream's text edited, as a broken writer would
        at = data.draw(st.integers(0, len(pdf_bytes) - 1))
        book = pdf_bytes[:at] + data.draw(st.sampled_from(_TOKENS)).encode() + pdf_bytes[at:]
    path = tmp_path / "fuzz.pdf"
    path.write_bytes(book)
    _audit_everything(lambda: read_report(path).audit())
