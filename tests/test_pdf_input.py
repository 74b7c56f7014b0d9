"""PDFs the tests lay out themselves: the national layout (公开01–10表) from the bundled
sample's text, figures off their row, and every kind of bad PDF."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from gfs_ledger import ReadError, read_report
from gfs_ledger.cli import main
from gfs_ledger.samples import sample_text
from pdfs import text_as_pdf, write_pdf

REAL = Path(__file__).parent / "data" / "real"
needs_pdf = pytest.mark.skipif(
    "pypdfium2" not in sys.modules and __import__("importlib").util.find_spec("pypdfium2") is None,
    reason="reading PDFs needs pypdfium2 (the pdf extra)")


def _key(audit):  # type: ignore[no-untyped-def]
    return Counter((f.rule, f.rule_id, f.table, None if f.code is None else str(f.code),
                    f.column, f.outcome.value, f.reported, f.computed) for f in audit.findings)


@needs_pdf
@pytest.mark.parametrize("offset", [0.0, 3.0], ids=["aligned", "figures-3pt-low"])
def test_the_sample_as_a_pdf_audits_as_its_text(tmp_path: Path, offset: float):
    # The same disclosure, laid out in columns on pages: every table check finds the
    # same figures and outcomes as from the text, also when every figure prints 3 points
    # below its row (as in PDFs whose digits are a separate text layer).
    pdf = read_report(text_as_pdf(sample_text(), tmp_path / "sample.pdf", offset=offset))
    text = read_report()
    assert (pdf.department, pdf.year, pdf.kind, pdf.layout) == (
        "阳泉市商务局", 2023, "决算", "national-final-accounts")
    assert [t.label for t in pdf.tables.values()] == [f"公开{n:02d}表" for n in range(1, 11)]
    assert _key(pdf.audit(prose=False)) == _key(text.audit(prose=False))
    assert pdf.diagnostics == ()
    rounding = pdf.audit(prose=False).rounding[0]
    assert rounding.page is not None and rounding.line is not None


@needs_pdf
def test_titles_after_the_department_and_year_and_tables_without_a_unit(tmp_path: Path):
    # Each title printed after the department and the year (阳泉市商务局2023年收入决算表),
    # and no 金额单位 line (07 and 08 say 单位：万元, and keep it): the tables are found
    # all the same, those without a unit read in 万元 with a warning that says so.
    lines = sample_text().splitlines()
    changed = []
    for k, line in enumerate(lines):
        below = next((x for x in lines[k + 1:k + 4] if x.strip()), "")
        if line.endswith("表") and below.startswith("公开"):
            line = "阳泉市商务局2023年" + line
        if not line.startswith("金额单位"):
            changed.append(line)
    pdf = read_report(text_as_pdf("\n".join(changed), tmp_path / "variant.pdf"))
    assert [t.label for t in pdf.tables.values()] == [f"公开{n:02d}表" for n in range(1, 11)]
    assert pdf.tables["公开03表"].title == "阳泉市商务局2023年支出决算表"
    warned = [d.table for d in pdf.diagnostics if d.kind == "no_unit"]
    assert sorted(warned) == [f"公开{n:02d}表" for n in (1, 2, 3, 4, 5, 6, 9, 10)]
    assert pdf.unit.value == "万元"
    assert _key(pdf.audit(prose=False)) == _key(read_report().audit(prose=False))


@needs_pdf
def test_tables_are_found_by_kind_label_and_title():
    tables = read_report(REAL / "jiangsu-procuratorate-2019-budget.pdf").tables
    assert tables["公开05表"] is tables["财政拨款支出表"]
    assert tables["财政拨款支出预算表（功能科目）"].label == "公开05表"
    with pytest.raises(KeyError):
        tables["公开13表"]


@needs_pdf
def test_findings_carry_their_page_in_every_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = str(REAL / "shanghai-putuo-social-work-dept-2024-final-accounts.pdf")
    # exit 1: its prose states 住房保障支出 29.42 / 307.82 = 9.5575% as 占9.55% (a real defect)
    assert main(["check", path, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    paged = [f for f in data["findings"] if f["code"] == "302" and f["rule"] == "hierarchy"]
    assert [(f["page"], f["line"]) for f in paged] == [(13, 6)]
    jsonschema = pytest.importorskip("jsonschema", reason="the schema test needs jsonschema")
    jsonschema.validate(data, __import__("gfs_ledger").schema())
    assert (data["report"]["layout"], data["report"]["scope"]) == ("shanghai-final-accounts", "部门")
    assert main(["check", path]) == 1
    assert "[公开06表, page 13, line 6] 302 商品和服务支出" in capsys.readouterr().out
    assert main(["check", path, "--format", "html"]) == 1
    assert "p.13 6" in capsys.readouterr().out


def _unusable(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(ReadError) as raised:
        read_report(path)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "Traceback" not in err
    return str(raised.value)


@needs_pdf
def test_a_scanned_pdf_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write_pdf(tmp_path / "scan.pdf", [(595, 842, []), (595, 842, [])])
    assert "no text layer on any of its 2 page(s): it looks scanned" in _unusable(path, capsys)


@needs_pdf
def test_an_encrypted_pdf_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write_pdf(tmp_path / "locked.pdf", [(595, 842, [(50, 50, 10, "收入支出决算总表")])],
                     password="secret")
    assert "the PDF is encrypted (it needs a password)" in _unusable(path, capsys)


@needs_pdf
def test_a_cut_pdf_and_a_pdf_that_is_not_are_refused(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]):
    whole = (REAL / "shanghai-putuo-wanli-subdistrict-2023-budget.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[:4000])
    assert "the PDF cannot be opened" in _unusable(cut, capsys)
    fake = tmp_path / "fake.pdf"
    fake.write_text("收入支出决算总表\n", encoding="utf-8")
    assert "not a PDF file" in _unusable(fake, capsys)


@needs_pdf
def test_a_pdf_that_is_no_disclosure_says_what_was_looked_for(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]):
    path = write_pdf(tmp_path / "letter.pdf", [(595, 842, [(50, 50, 10, "关于开展调研的通知"),
                                                           (50, 70, 10, "各单位：请按时报送。")])])
    message = _unusable(path, capsys)
    assert "no table of a known budget or final-accounts layout was found" in message
    assert "shanghai-budget: 财务收支预算总表 …" in message


@needs_pdf
def test_an_unknown_unit_names_its_page_and_line(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]):
    text = sample_text().replace("金额单位：万元", "金额单位：美元", 1)
    path = text_as_pdf(text, tmp_path / "dollars.pdf")
    message = _unusable(path, capsys)
    assert "公开01表 收入支出决算总表" in message and "page 2, line" in message


def test_without_the_pdf_extra_the_error_says_how_to_add_it(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]):
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # as if it were not installed
    path = REAL / "jiangsu-procuratorate-2019-budget.pdf"
    message = _unusable(path, capsys)
    assert "reading a PDF needs pypdfium2, which the pdf extra installs: " in message
    assert message.endswith("[pdf]'")  # the command that fits how gfs_ledger was installed


@needs_pdf
def test_a_glyph_whose_box_pdfium_cannot_give_names_its_page_and_character(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import pypdfium2.raw

    path = write_pdf(tmp_path / "boxless.pdf", [(595, 842, [(50, 50, 10, "收入支出决算总表")])])
    monkeypatch.setattr(pypdfium2.raw, "FPDFText_GetLooseCharBox", lambda *_: 0)
    with pytest.raises(ReadError) as raised:
        read_report(path)
    assert str(raised.value) == f"{path}: page 1: the box of character 0 ('收') cannot be read"
