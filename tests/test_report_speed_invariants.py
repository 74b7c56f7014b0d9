"""Invariants that the faster reader and audit rely on."""

import sys
import unicodedata

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
