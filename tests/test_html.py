"""HTML: notebook display, the audit page, escaping, and a real headless browser."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from gfs_ledger import Audit, Ledger
from gfs_ledger.cli import main
from gfs_ledger.html import Html, audit_html, audit_page, escape, ledger_html, tag
from gfs_ledger.report import read_report
from gfs_ledger.samples import sample_ledger, sample_text

sys.path.insert(0, str(Path(__file__).parent))
from pages import expected_cells, flagged_cells

IDENTITY = {"department": "阳泉市商务局", "year": 2023, "kind": "部门决算公开", "unit": "万元"}


def _flagged(audit: Audit) -> set[tuple[str, str]]:
    return {(str(f.code) if f.code else "合计", str(f.column))
            for f in audit.findings if f.outcome.value in ("rounding", "violated")}


def _cells(markup: str) -> set[tuple[str, str]]:
    return set(re.findall(r'<td class="gfs-num gfs-(?:rounding|violated)" data-outcome="\w+" '
                          r'data-code="([^"]+)" data-column="([^"]+)"', markup))


def test_ledger_repr_html_flags_every_rounding_cell() -> None:
    ledger = sample_ledger()
    markup = ledger._repr_html_()
    assert markup.startswith('<div class="gfs"><style>')
    assert _cells(markup) == _flagged(ledger.check())
    assert 'title="rounding (hierarchy): printed 750.05, computed 750.06' in markup
    assert markup.count("<tr") == len(ledger) + 2  # header, 合计, accounts
    assert 'class="gfs-bar" style="width:' in markup


def test_violated_and_rounding_are_coloured_apart() -> None:
    ledger = sample_ledger().with_value("2011301", "基本支出", "700.00")
    audit = ledger.check()
    markup = ledger_html(ledger, audit).markup
    assert 'class="gfs-num gfs-violated"' in markup and 'class="gfs-num gfs-rounding"' in markup
    assert _cells(markup) == _flagged(audit)


def test_names_are_escaped() -> None:
    ledger = Ledger.from_rows([("201", "<script>alert(1)</script>", ["1.00"])],
                              columns=['合计"><b>'], title="<t>")
    markup = audit_page(ledger.check(), ledgers=[("<t>", ledger)], identity={"department": "<d>"})
    assert "<script>" not in markup and "<b>" not in markup and "<d>" not in markup
    assert "&lt;script&gt;" in markup
    assert escape(Html("<i>")).markup == "<i>"
    assert tag("a", {"href": 'x"y'}).markup == '<a href="x&quot;y"></a>'


def test_audit_repr_html_summary_first_and_findings_listed() -> None:
    audit = sample_ledger().check()
    markup = audit._repr_html_()
    assert markup.index("gfs-summary") < markup.index("gfs-findings")
    assert markup.count('<tr class="gfs-finding gfs-rounding"') == len(audit.rounding)
    assert "106 exact or blank checks are not listed." in markup


def test_long_ledgers_are_cut_in_notebooks() -> None:
    ledger = sample_ledger()
    markup = ledger_html(ledger, max_rows=3).markup
    assert f"… and {len(ledger) - 3} more accounts" in markup


def test_page_shows_identity_and_every_flagged_cell() -> None:
    ledger = sample_ledger()
    audit = ledger.check()
    page = audit_page(audit, ledgers=[("公开03表", ledger)], identity=IDENTITY)
    assert "<title>阳泉市商务局 2023 部门决算公开 — audit</title>" in page
    assert _cells(page) == _flagged(audit)
    assert audit_html(audit).markup.count("gfs-ledger") == 0


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("needs chromium on PATH (.ci/run installs Debian's chromium)")


def _browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    env = {**os.environ, "HOME": str(tmp_path)}
    return subprocess.run([_chromium(), *flags, *args], capture_output=True, text=True,
                          timeout=120, env=env, check=False)


def _png_pixels(path: Path) -> bytes:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, k = [], 8
    while k < len(data):
        (length,) = struct.unpack(">I", data[k:k + 4])
        kind = data[k + 4:k + 8]
        if kind == b"IDAT":
            chunks.append(data[k + 8:k + 8 + length])
        k += 12 + length
    return zlib.decompress(b"".join(chunks))


def test_page_in_headless_chromium(tmp_path: Path) -> None:
    ledger = sample_ledger()
    audit = ledger.check()
    page = tmp_path / "audit.html"
    page.write_text(audit_page(audit, ledgers=[("公开03表", ledger)], identity=IDENTITY),
                    encoding="utf-8")
    dom = _browser(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "阳泉市商务局" in dom.stdout and "2023" in dom.stdout
    assert len(_cells(dom.stdout)) >= 4
    assert _cells(dom.stdout) == _flagged(audit)
    shot = tmp_path / "audit.png"
    result = _browser(tmp_path, f"--screenshot={shot}", "--window-size=1200,2000", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.stat().st_size > 0
    assert len(set(_png_pixels(shot))) > 8  # not a blank page


def _report_page_in_chromium(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                             *args: str) -> str:
    main(["check", *args, "--format", "html"])
    page = tmp_path / "report.html"
    page.write_text(capsys.readouterr().out, encoding="utf-8")
    dom = _browser(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    return dom.stdout


def test_report_page_in_headless_chromium_shows_every_flagged_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The HTML of the audited sample, opened in headless chromium, shows the
    department, the year and every flagged cell (02, 03, 05 rollups of 20113 and 216;
    06's 303), and lists the cross-table finding with both figures."""
    _chromium()
    dom = _report_page_in_chromium(tmp_path, capsys)
    assert 'data-identity="department">阳泉市商务局<' in dom
    assert 'data-identity="year">2023<' in dom
    report = read_report()
    cells = flagged_cells(dom)
    assert cells == expected_cells(report)
    assert {t: len(c) for t, c in cells.items()} == {
        "公开02表": 4, "公开03表": 4, "公开05表": 4, "公开06表": 1}
    for table in ("公开02表", "公开03表", "公开05表"):
        assert {c[1] for c in cells[table]} == {"20113", "216"}
    assert cells["公开06表"] == {("rounding", "303", "决算数", "340.54", "340.55")}
    audit = report.audit()
    rows = re.findall(r'<tr class="gfs-finding gfs-(\w+)" data-outcome="\1">(.*?)</tr>', dom)
    listed = len(audit.rounding) + len(audit.violations) + audit.count("unverifiable")
    assert len(rows) == listed
    cross = [row for _, row in rows if row.startswith("<td>公开05表/公开06表</td>")]
    assert len(cross) == 1
    assert '<td class="gfs-num">896.13</td><td class="gfs-num">896.12</td>' in cross[0]


def test_report_page_with_violations_in_headless_chromium(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _chromium()
    text = sample_text().replace("30101\t基本工资\t146.88", "30101\t基本工资\t156.88")
    path = tmp_path / "mutated.txt"
    path.write_text(text, encoding="utf-8")
    dom = _report_page_in_chromium(tmp_path, capsys, str(path))
    cells = flagged_cells(dom)
    assert cells == expected_cells(read_report(text))
    assert ("violated", "301", "决算数", "491.96", "501.96") in cells["公开06表"]
    assert 'class="gfs-verdict gfs-verdict-failed"' in dom


def test_a_cell_flagged_twice_carries_the_figures_of_its_worst_finding() -> None:
    from gfs_ledger import Ledger
    from gfs_ledger.html import ledger_html

    ledger = Ledger.from_csv(
        "科目编码,科目名称,合计,基本支出,项目支出\n"
        "201,一般公共服务支出,100.00,60.00,39.00\n"
        "20101,人大事务,100.01,60.00,40.01\n")
    markup = ledger_html(ledger, ledger.check()).markup
    [cell] = re.findall(r'<td class="gfs-num gfs-violated"[^>]*data-code="201" '
                        r'data-column="合计"[^>]*>', markup)
    assert 'data-computed="99.00"' in cell  # the row rule's, not the rounding's 100.01
