"""Invariants that the faster reader and audit rely on."""

import sys
import unicodedata
from decimal import Decimal

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
