"""Invariants that the faster reader and audit rely on."""

import sys
import unicodedata
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gfs_ledger import read_report
from gfs_ledger.findings import Outcome
from gfs_ledger.samples import sample_ledger, sample_text


def test_only_themselves_normalise_to_the_marker_and_part_characters():
    # The reader normalises a line (NFKC) only when it holds 表, or 第 and 部.
    wanted = set("表第部")
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        if char in wanted or not unicodedata.decomposition(char):
            continue
        assert not wanted & set(unicodedata.normalize("NFKC", char)), hex(point)


def test_not_applicable_checks_have_no_terms():
    # Findings of checks with nothing to compare are built without summing terms.
    for audit in (sample_ledger().check(), read_report().audit()):
        for finding in audit.findings:
            if finding.outcome is Outcome.NOT_APPLICABLE:
                assert (finding.terms, finding.difference, finding.allowed) == (0, None, None)


def test_summary_before_findings_agrees_with_findings():
    audit = read_report().audit()
    counts = {(s.rule, o): getattr(s, o) for s in audit.summary()
              for o in ("exact", "rounding", "violated", "not_applicable")}
    built = read_report().audit().findings
    for (rule, outcome), n in counts.items():
        assert n == sum(f.rule == rule and f.outcome.value == outcome for f in built)
    assert len(audit) == len(audit.findings)


def test_a_reconciled_06_class_reads_as_its_bracketed_parts():
    public = next(f for f in read_report().audit().findings if f.rule_id == "06.public")
    assert public.outcome is Outcome.EXACT and "(" not in public.message
    # a wrong 30201 contradicts 302, which then stands for the sum of its parts
    sample = sample_text()
    line = next(x for x in sample.splitlines() if "30201\t" in x)
    cells = line.split("\t")
    k = cells.index("30201")
    cells[k + 2] = "999.99"
    audit = read_report(sample.replace(line, "\t".join(cells))).audit()
    public = next(f for f in audit.findings if f.rule_id == "06.public")
    assert public.outcome is Outcome.VIOLATED
    assert "(" in public.message


def test_counts_decided_before_the_write_ups_are_theirs_under_every_tolerance():
    # The rules across tables and the ledgers' checks count their outcomes in a quick
    # pass and write findings up from a second one, when read: both must agree, also
    # where figures differ (each table's last digits changed, every tenth figure
    # blanked) and under every policy.
    from collections import Counter

    from gfs_ledger import Tolerance

    sample = sample_text()
    lines = sample.splitlines()
    changed = []
    for k, line in enumerate(lines):
        cells = line.split("\t")
        for c, cell in enumerate(cells):
            if cell[-3:-2] == "." and cell[-1:].isdigit() and (k + c) % 10 == 0:
                cells[c] = "" if (k + c) % 20 else cell[:-1] + str((int(cell[-1]) + 3) % 10)
        changed.append("\t".join(cells))
    tolerances = (Tolerance(), Tolerance.exact(), Tolerance.truncation(),
                  Tolerance.absolute("0.05"), Tolerance().with_step("0.1"))
    seen: Counter[str] = Counter()
    for text in (sample, "\n".join(changed)):
        report = read_report(text)
        for tol in tolerances:
            audits = [report.audit(tolerance=tol, prose=False)]
            audits += [t.ledger.check(tol) for t in report.tables.values() if t.ledger is not None]
            for audit in audits:
                built = Counter((f.rule, f.outcome) for f in audit.findings)
                assert +built == +audit._counts()
                seen.update(f.outcome.value for f in audit.findings)
    # the changed sample does reach every outcome the counts must tell apart
    assert {"exact", "rounding", "violated", "not_applicable"} <= set(seen)


def _fields(ledger):
    import attrs

    return {f.name: getattr(ledger, f.name) for f in attrs.fields(type(ledger))
            if f.name not in ("_code_index", "_tuples")}


def test_entries_in_printed_order_make_the_ledger_the_slow_path_makes():
    # Ledger.assemble takes entries in printed order with every parent at once
    # (Ledger._in_order); Ledger._assemble, row by row through _Rows, must make the same
    # ledger, field for field: the sample's ledgers, none, and codes of two schemes (201
    # a functional 类, 301 an economic one: mixed_schemes).
    from operator import itemgetter

    from gfs_ledger import Unit
    from gfs_ledger.ledger import Ledger

    d = Decimal
    cases = [
        (t.ledger.columns, list(zip(t.ledger._digits, t.ledger._names,
                                    zip(*t.ledger._values), t.ledger._lines)),
         t.ledger.total, t.ledger.row_rules)
        for t in read_report().tables.values() if t.ledger is not None and len(t.ledger)]
    cases += [(("合计",), [], None, ()),
              (("合计", "甲"), [("201", "一般", (d("1.00"), None), 3),
                              ("301", "工资", (d("2.00"), d("2.00")), 4)], (d("3.00"), None), ())]
    assert len(cases) >= 6
    for columns, entries, total, rules in cases:
        quick = Ledger.assemble(entries, columns, total, rules, "公开03表", Unit.WAN)
        figures = list(map(itemgetter(2), entries))
        slow = Ledger._assemble(
            list(map(itemgetter(0), entries)), list(map(itemgetter(1), entries)),
            [list(map(itemgetter(j), figures)) for j in range(len(columns))],
            list(map(itemgetter(3), entries)), columns, total, rules, "公开03表", Unit.WAN,
            (), None)
        assert _fields(quick) == _fields(slow)
        assert [type(c) for c in quick._values] == [tuple] * len(columns)
    assert [p.kind for p in quick.diagnostics] == ["mixed_schemes"]


def test_items_made_when_read_are_the_items_the_reader_found():
    # Table items are kept as their fields (Unbuilt) until read: the table is equal,
    # hashes and pickles as with the items built, and the items are those fields.
    import pickle

    import attrs

    from gfs_ledger.tables.model import Item, Table, Unbuilt

    for table in read_report().tables.values():
        pending = table._items
        assert isinstance(pending, Unbuilt) or table.ledger is not None
        fields = list(pending)
        built = attrs.evolve(table, items=tuple(Item(*f) for f in fields))
        again = pickle.loads(pickle.dumps(table))
        assert table == built and hash(table) == hash(built) and again == built
        assert [attrs.astuple(i, recurse=False) for i in table.items] == fields
        assert table._items == table.items and not isinstance(table._items, Unbuilt)
        assert Table.__match_args__[6] == "items"


def test_no_code_renamed_is_told_from_whole_ledgers_as_row_by_row():
    # table_name_findings compares the rows one by one only when the ledgers' first and
    # last codes, their codes and names, leave a rename possible: both ways agree.
    from gfs_ledger.narrative.names import _by_rows, _renamed, table_name_findings

    sample = sample_text()
    line = next(x for x in sample.splitlines() if x.startswith("20113\t"))
    leaf = next(x for x in sample.splitlines() if x.startswith("2011399\t"))
    renamed = line.replace("商贸事务", "商贸事务管理", 1)
    texts = (sample, sample.replace(line, renamed, 1),
             sample.replace(leaf + "\n", "", 1))  # 2011399 printed in fewer tables
    found = []
    for text in texts:
        report = read_report(text)
        assert table_name_findings(report) == _by_rows(report.tables)
        found.append((_renamed(report.tables.values()), len(_by_rows(report.tables))))
    # the sample prints 02, 03 and 05 with the same 25 codes and names: nothing to compare;
    # 20113 renamed in 公开02表 is one finding: 公开03表 (and 05, the same name) print
    # it otherwise
    assert found[0] == (False, 0) and found[1] == (True, 1)


def test_a_figure_found_is_the_located_its_finding_shows():
    # The prose's claims are decided from a hit's value and exactness; their findings
    # show the Located the hit makes when read: both must be the same figure, for every
    # subject and whole of the sample, also for a blank cell (an exact zero).
    from decimal import Decimal

    from gfs_ledger.narrative.check import figure_of
    from gfs_ledger.narrative.targets import ReportFigures, account_by_name

    report = read_report()
    figures = ReportFigures(report)
    hits = [(claim, role, figures.hit(claim, role)) for claim in report.claims()
            for role in ("subject", "whole")]
    for claim, role, hit in hits:
        if hit is None:
            assert figures.locate(claim, role) is None
            continue
        located = figure_of(hit)
        assert (located.value, located.exact) == (hit[0], hit[1])
        assert isinstance(hit[0], Decimal)
    assert sum(hit is not None for _, _, hit in hits) > 100
    # 30217 公务接待费 of 公开06表 is blank
    blank = account_by_name("公开06表", "决算数")(figures, "公务接待费")
    assert blank is not None and blank[:2] == (Decimal(0), True)
    assert figure_of(blank) == figures.figure("公务接待费", "（二）基本支出")
    assert figure_of(blank).where == "公开06表 30217 公务接待费 (blank)"


def test_an_audit_reads_the_items_fields_without_building_an_item(monkeypatch):
    # The rules across tables, the prose's targets and Table.value read the items' fields
    # by position (tables.model.NAME, FIGURES, ...): the audit of a report builds no Item
    # (the sample's five tables of items hold 98), and finds what it finds when every
    # table's items are built first (the index then made from the built items).
    from gfs_ledger.tables import model

    made: list[object] = []
    original = model.Unbuilt.built
    monkeypatch.setattr(model.Unbuilt, "built", lambda self: made.append(self) or original(self))
    text = sample_text()
    report = read_report(text)
    audit = report.audit()
    audit.summary()
    assert made == []
    pending = [t._items for t in report.tables.values() if isinstance(t._items, model.Unbuilt)]
    assert sum(map(len, pending)) == 98
    other = read_report(text)
    assert sum(len(t.items) for t in other.tables.values()) >= 98  # built here
    assert other.audit().findings == audit.findings


def test_the_index_of_a_tables_fields_finds_the_first_item_by_name_else_label():
    # Table.find/section/value through the index of the fields (by name, else by label,
    # in a section or the whole table) against a scan of the built items.
    from gfs_ledger.errors import NotFound
    from gfs_ledger.tables.registry import normalize_label

    for table in read_report().tables.values():
        items = table.items
        sections = [None, *dict.fromkeys(i.section for i in items), "无此部分"]
        keys = {k for i in items for k in (i.name, i.label)} | {"无此行"}
        for section in sections:
            within = [i for i in items if section is None or i.section == normalize_label(section)]
            assert table.section(section or "无此部分") == tuple(
                i for i in items if i.section == normalize_label(section or "无此部分"))
            for key in keys:
                want = next((i for i in within if i.name == normalize_label(key)),
                            next((i for i in within if i.label == normalize_label(key)), None))
                assert table.find(key, section) == want
                if want is None:
                    try:
                        table.value(key, section=section)
                    except NotFound:
                        continue
                    raise AssertionError(key)
                assert table.value(key, section=section) == want.figures[0]
                assert table._row(key, section) == _astuple(want)


def _astuple(item: object) -> tuple[object, ...]:
    import attrs

    return attrs.astuple(item, recurse=False)


def test_claims_decided_in_the_loop_are_their_write_ups_under_every_tolerance():
    # ClaimChecker.batches decides amounts, counts, shares and completion rates in its
    # loop and writes findings up from each kind's verdict when read: both must agree,
    # also where the prose's figures differ (each figure's last digit moved, so that
    # some are within rounding and some violated) and under every policy.
    import re
    from collections import Counter

    from gfs_ledger import Tolerance
    from gfs_ledger.narrative import check_claims

    sample = sample_text()
    moved = iter(range(10**6))

    def move(match: re.Match[str]) -> str:
        step = next(moved) % 3  # unchanged, one step up, two steps down
        number = match.group()
        return number[:-1] + str((int(number[-1]) + (0, 1, 8)[step]) % 10)

    prose_start = sample.index("第三部分")
    changed = sample[:prose_start] + re.sub(r"\d+\.\d\d(?=万元|%)", move, sample[prose_start:])
    tolerances = (Tolerance(), Tolerance.exact(), Tolerance.truncation(),
                  Tolerance.absolute("0.05"), Tolerance().with_step("0.1"))
    seen: Counter[str] = Counter()
    for text in (sample, changed):
        report = read_report(text)
        for tol in tolerances:
            audit = check_claims(report, tol)
            for batch in audit.batches:  # a violated claim is a batch of its own
                assert +Counter((f.rule, f.outcome) for f in batch.build()) == +batch.counts
            seen.update(f"{f.rule_id} {f.outcome.value}" for f in audit.findings)
    for kind in ("amount", "share", "completion", "change"):
        assert {f"narrative.{kind} {o}" for o in ("exact", "rounding", "violated")} <= set(seen)


def _target_words() -> list[str]:
    """The characters and the runs of words of the targets' patterns, and of headings."""
    import re

    from gfs_ledger.narrative.targets import BUDGET_TARGETS, TARGETS

    patterns = [p for t in (*TARGETS, *BUDGET_TARGETS)
                for p in (t.subject.pattern, t.section.pattern if t.section else "")]
    text = "".join(patterns) + "一般公共预算财政拨款支出基本支出决算国有资产"
    runs = {run for p in patterns for run in re.findall(r"[^\\^$?|()\[\]{}:*+]+", p)}
    return sorted(runs | {c for c in text if c not in "\\^$?|()[]{}:*+"})


_WORDS = st.lists(st.sampled_from(_target_words()), max_size=5).map("".join)


def _matching_targets(candidate: str, heading: str, count: bool) -> list[tuple[str, str]]:
    from gfs_ledger.narrative.targets import BUDGET_TARGETS, TARGETS, _prepared

    old = [(t.subject.pattern, "") for targets in (TARGETS, BUDGET_TARGETS) for t in targets
           if t.matches(candidate, heading, count=count)]
    new = [(t.subject.pattern, "") for targets in (TARGETS, BUDGET_TARGETS)
           for t, run, heading_run, words, within in _prepared(targets, count)
           if run in candidate and heading_run in heading and words.search(candidate)
           and (within is None or within.search(heading))]
    assert new == old
    return new


def test_targets_planned_through_their_runs_are_those_that_match():
    # A subject's plan tries a target's patterns only when the subject and the heading
    # hold the runs of plain characters the patterns need: the same targets, in order,
    # for every subject and heading of the sample and of the targets' own words.
    from gfs_ledger.narrative.targets import BUDGET_TARGETS, TARGETS, clean_subject, needed
    from gfs_ledger.tables.registry import normalize_label

    report = read_report()
    found = 0
    for claim in report.claims():
        for count in (False, True):
            found += len(_matching_targets(clean_subject(claim.subject),
                                           normalize_label(claim.section), count))
    assert found >= 50  # most of the sample's subjects match a target
    for target in (*TARGETS, *BUDGET_TARGETS):
        words = target.subject.pattern.replace("^", "").replace("$", "")
        assert needed(target.subject.pattern) in words.replace("\\", "")
    assert needed(r"^收入总计$|^收入支出总计$") == "收入"  # the branches' common start
    assert needed(r"(?i)abc") == "" and needed(r"\S") == ""


@given(_WORDS, _WORDS, st.booleans())
@settings(max_examples=400, deadline=None)
def test_targets_planned_through_their_runs_on_any_words(subject, heading, count):
    _matching_targets(subject, heading, count)
