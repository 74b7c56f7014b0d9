"""Ledgers and audits as HTML: notebook display and the self-contained audit page.

Every piece of text goes through ``escape`` on its way in (``Html`` is the only
thing that is not escaped again), so names and figures read from a file cannot
inject markup. The page needs no JavaScript and no network: its CSS is inline,
flagged cells carry their figures in a ``title`` (shown on hover) and in
``data-*`` attributes (for tests and scrapers).

The renderers take an ``Audit``, optionally the ledgers it checked as
``(table id, ledger)`` pairs, and optionally an identity dict (department, year,
unit, kind, source), so that a whole report plugs in by passing its tables and
its identity.
"""

from __future__ import annotations

import html as _html
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from gfs_ledger.amounts import Figure, format_amount
from gfs_ledger.findings import Audit, Finding, Outcome
from gfs_ledger.intervals import Tolerance
from gfs_ledger.ledger import TOTAL_NAME, Ledger
from gfs_ledger.output import verdict, within

if TYPE_CHECKING:
    from gfs_ledger.report import Report


@attrs.frozen(slots=True)
class Html:
    """A piece of markup that is safe to output as it is.

    >>> tag("td", {"class": "gfs-num", "title": 'a "quoted" <b>'}, "1 < 2", Html("<i>ok</i>"))
    Html(markup='<td class="gfs-num" title="a &quot;quoted&quot; &lt;b&gt;">1 &lt; 2<i>ok</i></td>')
    """

    markup: str

    def __str__(self) -> str:
        return self.markup

    def _repr_html_(self) -> str:
        return self.markup

    def __add__(self, other: Html) -> Html:
        return Html(self.markup + other.markup)


Child = Html | str | int | Decimal | None
Attributes = Mapping[str, str | int | bool | None]


def escape(value: Child) -> Html:
    """Text as markup: ``<``, ``>``, ``&`` and quotes escaped; None is nothing.

    >>> escape("<script>"), escape(None)
    (Html(markup='&lt;script&gt;'), Html(markup=''))
    """
    if value is None:
        return Html("")
    if isinstance(value, Html):
        return value
    return Html(_html.escape(str(value), quote=True))


def join(children: Iterable[Child]) -> Html:
    """Markup of several children, one after the other.

    >>> join(["a", Html("<br>"), None, 3])
    Html(markup='a<br>3')
    """
    return Html("".join(escape(c).markup for c in children))


def tag(name: str, attributes: Attributes | None = None, *children: Child) -> Html:
    """One element: attributes with a None or False value are left out, True ones
    written bare.

    >>> tag("p", {"hidden": True, "id": None}, "x")
    Html(markup='<p hidden>x</p>')
    """
    parts = [name]
    for key, value in (attributes or {}).items():
        if value is None or value is False:
            continue
        parts.append(key if value is True else f'{key}="{escape(str(value)).markup}"')
    return Html(f"<{' '.join(parts)}>{join(children).markup}</{name}>")


STYLE = """
.gfs { font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  font-size: 14px; color: #1d1d1f; }
.gfs h1 { font-size: 1.5em; margin: 0.2em 0; }
.gfs h2 { font-size: 1.2em; margin: 1.2em 0 0.4em; }
.gfs table { border-collapse: collapse; margin: 0.4em 0 1em; }
.gfs th, .gfs td { border: 1px solid #d0d4da; padding: 2px 8px; vertical-align: top; }
.gfs thead th { background: #eef1f5; font-weight: 600; }
.gfs tbody th { text-align: left; font-weight: normal; white-space: nowrap; }
.gfs .gfs-num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap;
  min-width: 6em; }
.gfs .gfs-bar { display: block; height: 3px; background: #8fb3d9; margin-top: 1px; }
.gfs tr.gfs-total th, .gfs tr.gfs-total td { font-weight: 600; background: #f7f8fa; }
.gfs tr.gfs-l1 th { font-weight: 600; }
.gfs .gfs-unprinted { color: #888; font-style: italic; }
.gfs .gfs-rounding { background: #fff3c4; outline: 1px solid #e0b400; }
.gfs .gfs-violated { background: #ffd6d6; outline: 2px solid #c62828; }
.gfs .gfs-exact { }
.gfs .gfs-verdict { font-weight: 600; padding: 4px 8px; display: inline-block; }
.gfs .gfs-verdict-ok { background: #e3f4e3; }
.gfs .gfs-verdict-failed { background: #ffd6d6; }
.gfs dl { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; }
.gfs dt { color: #555; } .gfs dd { margin: 0; }
.gfs .gfs-note { color: #555; font-size: 0.9em; }
.gfs .gfs-legend span { padding: 0 6px; margin-right: 8px; }
""".strip()

_IDENTITY_LABELS = (
    ("department", "部门 department"),
    ("year", "年度 year"),
    ("kind", "类型 kind"),
    ("unit", "金额单位 unit"),
    ("source", "文件 source"),
    ("tables", "表 tables"),
)
_FLAGGED = (Outcome.VIOLATED, Outcome.ROUNDING)
_LEDGER_RULES = ("hierarchy", "row")
_LISTED = (Outcome.VIOLATED, Outcome.ROUNDING, Outcome.UNVERIFIABLE)


def style() -> Html:
    """The ``<style>`` element every rendering relies on (classes start ``gfs-``).

    >>> style().markup.startswith("<style>")
    True
    """
    return tag("style", None, Html(STYLE))


def _figure(value: Figure) -> str:
    return format_amount(value)


def _amount(value: Decimal | None) -> str:
    return "" if value is None else format_amount(value)


def flags(audit: Audit, tables: Sequence[str | None]) -> dict[tuple[str | None, str], list[Finding]]:
    """The findings that flag a cell, by (code digits or None for 合计, column),
    for findings of the given tables: rounding and violated ones only. A finding
    without a code flags the 合计 row only when it is the ledger's own check
    (hierarchy or row): a rule of the catalog without a code (06.personnel, say)
    compares labelled totals, not the 合计 row.

    >>> from gfs_ledger.samples import sample_ledger
    >>> marks = flags(sample_ledger().check(), ["公开03表"])
    >>> sorted(marks)
    [('20113', '基本支出'), ('20113', '本年支出合计'), ('216', '本年支出合计'), ('216', '项目支出')]
    """
    found: dict[tuple[str | None, str], list[Finding]] = {}
    for finding in audit.findings:
        if finding.outcome in _FLAGGED and finding.column is not None and (
            finding.table in tables
        ) and (finding.code is not None or finding.rule in _LEDGER_RULES):
            key = (None if finding.code is None else str(finding.code), finding.column)
            found.setdefault(key, []).append(finding)
    return found


def _worst(findings: Sequence[Finding]) -> Outcome:
    return Outcome.VIOLATED if any(f.outcome is Outcome.VIOLATED for f in findings) else (
        Outcome.ROUNDING
    )


def _hover(findings: Sequence[Finding]) -> str:
    lines = []
    for f in findings:
        lines.append(
            f"{f.outcome.value} ({f.rule}): printed {_amount(f.reported)}, "
            f"computed {_amount(f.computed)}, difference {f.difference}, allowed ±{f.allowed}"
        )
    return "\n".join(lines)


def _share(value: Figure, whole: Figure) -> Decimal | None:
    if isinstance(value, Decimal) and isinstance(whole, Decimal) and whole > 0 and value >= 0:
        return min(Decimal(100), value / whole * 100)
    return None


def _cell(
    value: Figure, whole: Figure, findings: Sequence[Finding] | None,
    code: str | None, column: str,
) -> Html:
    attributes: dict[str, str | int | bool | None] = {"class": "gfs-num"}
    if findings:
        outcome = _worst(findings)
        worst = next(f for f in findings if f.outcome is outcome)
        attributes = {
            "class": f"gfs-num gfs-{outcome.value}",
            "data-outcome": outcome.value,
            "data-code": code if code is not None else TOTAL_NAME,
            "data-column": column,
            "data-reported": _amount(worst.reported),
            "data-computed": _amount(worst.computed),
            "title": _hover(findings),
        }
    share = _share(value, whole)
    bar = None
    if share is not None:
        bar = tag("span", {"class": "gfs-bar", "style": f"width:{share:.1f}%",
                           "title": f"{share:.1f}% of its parent"})
    return tag("td", attributes, _figure(value), bar)


def ledger_html(
    ledger: Ledger,
    audit: Audit | None = None,
    *,
    table: str | None = None,
    max_rows: int | None = None,
    style: bool = False,
) -> Html:
    """The ledger as an indented tree table: each amount column, a bar of each row's
    share of its parent, and the cells the audit flagged coloured (rounding and
    violated apart) with both figures in the ``title``.

    ``audit`` defaults to ``ledger.check()``; its findings whose table is
    ``table`` or the ledger's title flag cells. ``max_rows`` cuts long ledgers.

    >>> from gfs_ledger.samples import sample_ledger
    >>> markup = ledger_html(sample_ledger()).markup
    >>> markup.count('data-outcome="rounding"'), 'data-code="20113"' in markup
    (4, True)
    """
    if audit is None:
        audit = ledger.check()
    marks = flags(audit, [t for t in {table, ledger.title}] if table else [ledger.title])
    head = tag("thead", None, tag("tr", None, tag("th", None, "科目"),
                                  join(tag("th", None, c) for c in ledger.columns)))
    rows: list[Html] = []
    if ledger.total is not None:
        rows.append(tag(
            "tr", {"class": "gfs-total"}, tag("th", None, TOTAL_NAME),
            join(_cell(v, None, marks.get((None, c)), None, c)
                 for c, v in zip(ledger.columns, ledger.total)),
        ))
    shown = 0
    for account in ledger:
        if max_rows is not None and shown >= max_rows:
            break
        shown += 1
        digits = str(account.code)
        parent = account.parent
        cells = []
        for j, column in enumerate(ledger.columns):
            if parent is not None and parent in ledger:
                whole = ledger.value(parent, column)
            else:
                whole = ledger.total[j] if ledger.total is not None else None
            cells.append(_cell(account.values[column], whole, marks.get((digits, column)),
                               digits, column))
        label: Html = escape(f"{digits} {account.name}".rstrip())
        if not account.printed:
            label = tag("span", {"class": "gfs-unprinted", "title": "not printed in the table"},
                        f"[{digits}]")
        indent = f"padding-left:{0.4 + 1.2 * (account.level - 1):.1f}em"
        rows.append(tag(
            "tr", {"class": f"gfs-l{account.level}", "data-code": digits},
            tag("th", {"style": indent}, label), join(cells),
        ))
    caption = tag("caption", None, f"{ledger.title} (金额单位：{ledger.unit.value})") if (
        ledger.title) else None
    body = tag("table", {"class": "gfs-ledger", "data-table": table or ledger.title},
               caption, head, tag("tbody", None, join(rows)))
    more = len(ledger) - shown
    note = tag("p", {"class": "gfs-note"}, f"… and {more} more accounts") if more else None
    return _wrap(join([body, note]), style)


def _wrap(content: Html, with_style: bool) -> Html:
    return tag("div", {"class": "gfs"}, style() if with_style else None, content)


def summary_html(audit: Audit) -> Html:
    """The summary per rule family as a table.

    >>> from gfs_ledger.samples import sample_ledger
    >>> "<td>hierarchy</td>" in summary_html(sample_ledger().check()).markup
    True
    """
    rows = audit.summary()
    show_unverifiable = any(r.unverifiable for r in rows)
    header = ["rule", "checks", "exact", "rounding", "violated", "not_applicable"]
    if show_unverifiable:
        header.append("unverifiable")
    body = []
    for r in rows:
        values = [r.checks, r.exact, r.rounding, r.violated, r.not_applicable]
        if show_unverifiable:
            values.append(r.unverifiable)
        classes = {3: "gfs-rounding" if r.rounding else None,
                   4: "gfs-violated" if r.violated else None}
        body.append(tag("tr", None, tag("td", None, r.rule), join(
            tag("td", {"class": " ".join(filter(None, ["gfs-num", classes.get(k + 1)]))}, v)
            for k, v in enumerate(values)
        )))
    return tag("table", {"class": "gfs-summary"},
               tag("thead", None, tag("tr", None, join(tag("th", None, h) for h in header))),
               tag("tbody", None, join(body)))


def findings_html(audit: Audit, *, max_rows: int | None = None) -> Html:
    """The findings worth reading (violated, then within rounding, then
    unverifiable), each with both figures; exact and blank checks are counted only.

    >>> from gfs_ledger.samples import sample_ledger
    >>> findings_html(sample_ledger().check()).markup.count('<tr class="gfs-finding')
    4
    """
    listed = [f for outcome in _LISTED for f in audit.having(outcome)]
    header = ["table", "line", "code", "name", "column", "outcome", "reported", "computed",
              "difference", "allowed", "message"]
    rows = []
    for f in listed[:max_rows]:
        rows.append(tag(
            "tr", {"class": f"gfs-finding gfs-{f.outcome.value}", "data-outcome": f.outcome.value},
            tag("td", None, f.table),
            tag("td", {"class": "gfs-num"}, f.line if f.page is None else f"p.{f.page} {f.line}"),
            tag("td", None, None if f.code is None else str(f.code)), tag("td", None, f.name),
            tag("td", None, f.column), tag("td", None, f.outcome.value),
            join(tag("td", {"class": "gfs-num"}, _amount(v))
                 for v in (f.reported, f.computed)),
            join(tag("td", {"class": "gfs-num"}, None if v is None else str(v))
                 for v in (f.difference, f.allowed)),
            tag("td", None, f.message),
        ))
    unlisted = len(audit) - len(listed)
    notes = [f"{unlisted} exact or blank checks are not listed."] if unlisted else []
    if max_rows is not None and len(listed) > max_rows:
        notes.insert(0, f"… and {len(listed) - max_rows} more findings.")
    table = tag("table", {"class": "gfs-findings"},
                tag("thead", None, tag("tr", None, join(tag("th", None, h) for h in header))),
                tag("tbody", None, join(rows))) if rows else tag(
                    "p", None, "Nothing violated and nothing within rounding: every sum is exact.")
    return join([table, join(tag("p", {"class": "gfs-note"}, n) for n in notes)])


def identity_html(identity: Mapping[str, object]) -> Html:
    """What is known of the document checked: department, year, kind, unit, source.

    >>> identity_html({"department": "阳泉市商务局", "year": 2023}).markup.count("<dt>")
    2
    """
    known = dict(_IDENTITY_LABELS)
    keys = [k for k, _ in _IDENTITY_LABELS if identity.get(k) not in (None, "")]
    keys += [k for k in identity if k not in known and identity[k] not in (None, "")]
    items = [join([tag("dt", None, known.get(k, k)),
                   tag("dd", {"data-identity": k}, str(identity[k]))]) for k in keys]
    return tag("dl", {"class": "gfs-identity"}, join(items))


def _legend(tolerance: Tolerance) -> Html:
    return tag("p", {"class": "gfs-legend gfs-note"},
               tag("span", {"class": "gfs-rounding"}, within(tolerance)),
               tag("span", {"class": "gfs-violated"}, "violated"),
               "Hover over a coloured cell for the printed and the computed figure.")


def audit_html(
    audit: Audit,
    *,
    ledgers: Iterable[tuple[str, Ledger]] = (),
    identity: Mapping[str, object] | None = None,
    max_rows: int | None = 200,
    style: bool = False,
) -> Html:
    """An audit as one HTML fragment, summary first: identity, verdict, the summary
    per rule family, each ledger as a flagged tree, the findings, the diagnostics.

    ``ledgers`` are ``(table id, ledger)`` pairs; findings flag a ledger's cells
    when their table is that id or the ledger's title.

    >>> from gfs_ledger.samples import sample_ledger
    >>> ledger = sample_ledger()
    >>> markup = audit_html(ledger.check(), ledgers=[("公开03表", ledger)]).markup
    >>> markup.index("gfs-summary") < markup.index("gfs-ledger") < markup.index("gfs-findings")
    True
    """
    parts: list[Html] = []
    if identity:
        parts.append(identity_html(identity))
    ok = verdict(audit)
    parts.append(tag("p", {"class": f"gfs-verdict gfs-verdict-{'ok' if audit.ok else 'failed'}"},
                     ok))
    parts.append(tag("h2", None, "Summary per rule"))
    parts.append(summary_html(audit))
    pairs = list(ledgers)
    if pairs:
        parts.append(_legend(audit.tolerance))
    for table_id, ledger in pairs:
        heading = table_id if not ledger.title or ledger.title == table_id else (
            f"{table_id} {ledger.title}")
        parts.append(tag("section", {"class": "gfs-table", "data-table": table_id},
                         tag("h2", None, heading),
                         ledger_html(ledger, audit, table=table_id, max_rows=max_rows)))
    parts.append(tag("h2", None, "Findings"))
    parts.append(findings_html(audit, max_rows=max_rows))
    if audit.diagnostics:
        parts.append(tag("h2", None, "Diagnostics"))
        parts.append(tag("ul", {"class": "gfs-diagnostics"}, join(
            tag("li", {"class": f"gfs-{d.severity.value}"},
                f"line {d.line}: {d}" if d.line else str(d))
            for d in audit.diagnostics)))
    return _wrap(join(parts), style)


def page_title(identity: Mapping[str, object] | None) -> str:
    """The heading of an audit page from what is known of the document.

    >>> page_title({"department": "阳泉市商务局", "year": 2023, "kind": "部门决算公开"})
    '阳泉市商务局 2023 部门决算公开 — audit'
    >>> page_title({"source": "t03.csv"})
    't03.csv — audit'
    """
    identity = identity or {}
    words = [str(identity[k]) for k in ("department", "year", "kind") if identity.get(k)]
    if not words and identity.get("source"):
        words = [str(identity["source"])]
    return " ".join(words or ["gfs-ledger"]) + " — audit"


def audit_page(
    audit: Audit,
    *,
    ledgers: Iterable[tuple[str, Ledger]] = (),
    identity: Mapping[str, object] | None = None,
) -> str:
    """One self-contained HTML page (inline CSS, no script, no network) of an audit:
    what ``gfs-ledger check --format html`` prints.

    >>> from gfs_ledger.samples import sample_ledger
    >>> ledger = sample_ledger()
    >>> page = audit_page(ledger.check(), ledgers=[("公开03表", ledger)],
    ...                   identity={"department": "阳泉市商务局", "year": 2023})
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page, "http" in page
    (True, False, False)
    """
    title = page_title(identity)
    head = tag("head", None, Html('<meta charset="utf-8">'),
               Html('<meta name="viewport" content="width=device-width, initial-scale=1">'),
               tag("title", None, title), style())
    body = tag("body", None, tag("div", {"class": "gfs"}, tag("h1", None, title)),
               audit_html(audit, ledgers=ledgers, identity=identity, max_rows=None))
    return "<!DOCTYPE html>\n" + tag("html", {"lang": "zh"}, head, body).markup + "\n"


def report_identity(report: Report) -> dict[str, object]:
    """What the page of a report says of it: department, year, kind, unit, source and
    the tables read, published empty (本表无数据) or missing.

    >>> from gfs_ledger import read_report
    >>> identity = report_identity(read_report())
    >>> identity["department"], identity["year"], identity["tables"]
    ('阳泉市商务局', 2023, '10 of 10 read; empty: 公开07表, 公开08表, 公开09表')
    """
    summary = report.to_dict()
    statuses = {i: entry["status"] for i, entry in summary.pop("tables").items()}
    read = sum(s != "missing" for s in statuses.values())
    words = [f"{read} of {len(statuses)} read"]
    for status in ("empty", "missing"):
        ids = [i for i, s in statuses.items() if s == status]
        if ids:
            words.append(f"{status}: {', '.join(ids)}")
    return {**summary, "source": report.source, "tables": "; ".join(words)}


def report_ledgers(report: Report) -> list[tuple[str, Ledger]]:
    """The ``(table id, ledger)`` pairs of a report's tables that hold a ledger and
    were not published empty.

    >>> from gfs_ledger import read_report
    >>> [i for i, _ in report_ledgers(read_report())]
    ['公开02表', '公开03表', '公开05表', '公开06表']
    """
    return [(i, t.ledger) for i, t in report.tables.items()
            if t.ledger is not None and not t.empty]


def report_html(
    report: Report, audit: Audit | None = None, *, max_rows: int | None = 200,
    style: bool = False,
) -> Html:
    """A report and its audit as one fragment, summary first: identity, verdict,
    summary per rule family, each table with a ledger as a flagged tree, the findings
    (cross-table ones with both figures), the diagnostics. ``audit`` defaults to
    ``report.audit()``.

    >>> from gfs_ledger import read_report
    >>> markup = report_html(read_report()).markup
    >>> markup.index("阳泉市商务局") < markup.index("gfs-summary") < markup.index("gfs-findings")
    True
    >>> markup.count('<section class="gfs-table"'), markup.count('data-outcome="rounding" data-code')
    (4, 13)
    """
    return audit_html(
        report.audit() if audit is None else audit, ledgers=report_ledgers(report),
        identity=report_identity(report), max_rows=max_rows, style=style,
    )
