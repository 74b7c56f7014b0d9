"""Split disclosure text into table regions and read each with the reader of its shape.

A table region starts at its ``公开NN表`` marker (its title is the line just
above) and ends where the next table's title or the next part heading
(``第三部分 情况说明``) begins. Metadata lines (部门名称/单位名称, 年度,
金额单位/单位) are read here; everything else goes to the shape reader.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from itertools import accumulate, chain, compress, count, islice

import attrs

from gfs_ledger.amounts import Unit
from gfs_ledger.diagnostics import Diagnostic, Severity
from gfs_ledger.errors import ReadError
from gfs_ledger.tables.model import Table
from gfs_ledger.tables.registry import REGISTRY, Layout, layout_for_title, normalize_label
from gfs_ledger.tables.shapes import READERS, Line, is_note

_MARKER = re.compile(r"公开0?(\d{1,2})表")
_PART = re.compile(r"第[一二三四五六七八九十]+部分")
_DEPARTMENT = re.compile(r"(?:部门名称|单位名称)[:：](.+)")
_YEAR = re.compile(r"(\d{4})年度?")
_UNIT = re.compile(r"(?:金额单位|单位)[:：]\s*(\S+)")
# A metadata line holds 称, 年 or 位 (or 年, U+F98E, which NFKC makes 年; nothing else
# normalises to any of them): other lines are neither split nor normalised to be tried.
_META_WORDS = ("称", "年", "\uf98e", "位")


@attrs.frozen(slots=True)
class Disclosure:
    """Everything the reader found in a disclosure text."""

    department: str | None
    year: int | None
    unit: Unit
    kind: str | None
    tables: tuple[Table, ...]
    prose: tuple[tuple[int, str], ...]
    diagnostics: tuple[Diagnostic, ...]
    scope: str | None = None
    appendix: tuple[tuple[int, str], ...] = ()


class _Filled(dict[int, list[str]]):
    """The non-blank cells of each line (stripped), by 0-based index, worked out when
    first asked for: most lines of a text are prose that no reader splits."""

    def __init__(self, raws: list[str]) -> None:
        super().__init__()
        self.raws = raws
        self._joined: tuple[str, list[int]] | None = None

    def __missing__(self, k: int) -> list[str]:
        raw = self.raws[k]
        if "\t" not in raw:  # a line without a tab: most of the prose
            text = raw.strip()
            found = [text] if text else []
        else:
            found = [c for c in map(str.strip, raw.split("\t")) if c]
        self[k] = found
        return found

    def alone(self, k: int) -> str | None:
        """The line's one non-blank cell, or None."""
        found = self[k]
        return found[0] if len(found) == 1 else None

    def holding(self, word: str, start: int = 0, stop: int | None = None) -> list[int]:
        """The indices of the lines (from ``start`` up to ``stop``) that hold ``word``, one
        character, in order: found by searching the whole text at once, not line by
        line."""
        if self._joined is None:  # the lines joined, and where each starts: one character
            # cannot straddle two lines, so that they need no break between them
            self._joined = "".join(self.raws), list(accumulate(map(len, self.raws), initial=0))
        joined, starts = self._joined
        end = starts[len(self.raws) if stop is None else stop]
        found = []
        at = joined.find(word, starts[start], end)
        while at >= 0:
            k = bisect.bisect_right(starts, at) - 1
            found.append(k)
            at = joined.find(word, starts[k + 1], end)
        return found



def read_disclosure(text: str, source: str = "<text>") -> Disclosure:
    """Read every table, the metadata and the prose of a disclosure text."""
    raws = text.splitlines()
    single = _Filled(raws)
    # No other character normalises (NFKC) to 开, 表, 第 or 部: lines without them are
    # not split nor normalised, which is slow on long prose lines.
    markers = [k for k in single.holding("表") if "开" in raws[k] and (t := single.alone(k))
               and "表" in t and _MARKER.fullmatch(normalize_label(t))]
    if not markers:
        raise ReadError("no table marker (公开01表 …) found: not the text of a 部门决算公开",
                        source=source)
    parts = [k for k in single.holding("第") if "部" in raws[k] and (t := single.alone(k))
             and "第" in t and "部" in t and _PART.match(normalize_label(t))]
    diagnostics: list[Diagnostic] = []
    titles = [_title_line(single, k) for k in markers]
    tables: list[Table] = []
    meta: _Meta = {"department": {}, "year": {}, "unit": {}}
    ends = []
    for n, k in enumerate(markers):
        next_title = titles[n + 1] if n + 1 < len(markers) else None
        after = bisect.bisect_right(parts, k)  # the first part marker after k, found
        ends.append(min(len(raws) if next_title is None else next_title,  # without a scan
                        parts[after] if after < len(parts) else len(raws)))
    # The lines that may hold metadata, found once for every table (in order).
    hinted = sorted(set(chain.from_iterable(
        single.holding(word, markers[0] + 1, max(ends)) for word in _META_WORDS)))
    for n, (k, end) in enumerate(zip(markers, ends)):
        number = _MARKER.fullmatch(normalize_label(single[k][0]))
        assert number is not None
        table_id = f"公开{int(number[1]):02d}表"
        title_at = titles[n]
        title = " ".join(single[title_at]) if title_at is not None else ""
        layout = _layout(table_id, title, k + 1, diagnostics)
        region = range(k + 1, end)
        if n + 1 == len(markers) and end == len(raws) and not any(
                is_note(single[j][:1]) for j in region):
            last = end if region else k + 1
            raise ReadError(f"the text ends inside {table_id} without its closing note: "
                            f"it looks truncated", source=source, line=last)
        if layout is None:
            continue
        body = _metadata(region, single, meta, layout.id, source, hinted[
            bisect.bisect_left(hinted, region.start):bisect.bisect_left(hinted, region.stop)])
        tables.append(READERS[layout.shape](layout, title or layout.title, k + 1, body))
    for key in ("department", "year"):
        if len(meta[key]) > 1:
            diagnostics.append(Diagnostic("inconsistent_metadata",
                                          f"the tables disagree on the {key}: {sorted(meta[key])}",
                                          Severity.WARNING))
    head = [" ".join(f) for f in islice(filter(None, map(single.__getitem__, range(markers[0]))), 12)]
    department = min(meta["department"], default=None) or (head[0] if head else None)
    year_text = min(meta["year"], default=None) or next(
        (m[1] for h in head if (m := _YEAR.search(h))), None)
    unit = _unit(meta["unit"], diagnostics)
    if unit is not Unit.WAN:
        tables = [t if t.ledger is None else attrs.evolve(t, ledger=attrs.evolve(t.ledger, unit=unit))
                  for t in tables]
    kind = _kind(head, tables)
    if kind != "预算":
        diagnostics += _missing(tables)
    return Disclosure(department, int(year_text) if year_text else None, unit,
                      kind, tuple(tables), _prose(single, parts, markers),
                      tuple(diagnostics), scope_of([*head, *(t.title for t in tables)]),
                      _part(single, parts, markers, "附件", cells=True))


def _unit(found: dict[str, list[tuple[int, str]]], out: list[Diagnostic]) -> Unit:
    """The unit of money of the tables: the one most tables print (on a tie, the one
    printed first); tables that print another unit are an error naming their lines."""
    if not found:
        return Unit.WAN
    first = {text: min(where) for text, where in found.items()}
    chosen = max(found, key=lambda text: (len(found[text]), -first[text][0]))
    others = sorted(((line, table, text) for text, where in found.items() if text != chosen
                     for line, table in where))
    if others:
        listed = "; ".join(f"{table} (line {line}) prints {text}" for line, table, text in others)
        line, table, _ = others[0]
        out.append(Diagnostic(
            "inconsistent_unit",
            f"line {line}: the tables disagree on the unit of money: {listed}, while "
            f"{len(found[chosen])} table(s) print {chosen}; every figure is read as {chosen}",
            Severity.ERROR, line, None, table))
    return Unit(chosen)


def _missing(tables: Sequence[Table]) -> list[Diagnostic]:
    """An error for each registered table that is not in the text."""
    present = {t.id for t in tables}
    return [Diagnostic("missing_table", f"{layout.id} {layout.title} is not in the text",
                       Severity.ERROR, None, None, layout.id)
            for layout in REGISTRY.values() if layout.id not in present]


def _title_line(single: _Filled, marker: int) -> int | None:
    """The table's title: the nearest non-blank line above its marker."""
    k = marker - 1
    while k >= 0 and not single[k]:
        k -= 1
    return k if k >= 0 else None


def _layout(table_id: str, title: str, line: int, out: list[Diagnostic]) -> Layout | None:
    layout = REGISTRY.get(table_id)
    by_title = layout_for_title(title) if title else None
    if layout is None:
        if by_title is None:
            out.append(Diagnostic("unknown_table", f"line {line}: {table_id} {title!r} is not in "
                                  "the table registry; its lines are not read",
                                  Severity.WARNING, line, None, table_id))
        return by_title
    if title and normalize_label(title) not in layout.titles:
        out.append(Diagnostic("title_mismatch",
                              f"line {line}: {table_id} is titled {title!r}, "
                              f"expected {layout.title!r}", Severity.WARNING, line, None, table_id))
    return layout


_Meta = dict[str, dict[str, list[tuple[int, str]]]]
"""Each metadata value found, by key, with the lines and tables that print it."""


def _metadata(region: range, single: _Filled, meta: _Meta,
              table_id: str, source: str, hinted: Sequence[int]) -> list[Line]:
    """The lines of a region (0-based indices) without its metadata lines, whose values
    go to ``meta``, each as its number and its cells; blank lines left out. ``hinted``
    are the lines of the region that hold a word of ``_META_WORDS``, in order.

    A unit of money that is not 元, 万元 or 亿元 raises ``ReadError``: no figure of
    the table could be read right.
    """
    raws = single.raws
    texts = raws[region.start:region.stop]
    taken = set()  # the metadata lines
    for k in hinted:
        # One non-blank cell, without splitting the line: once stripped, the line holds
        # a tab only if non-blank text stands on both sides of it.
        alone = raws[k].strip()
        if not alone or "\t" in alone:
            continue
        line = k + 1
        text = normalize_label(alone)
        if m := _DEPARTMENT.fullmatch(text):
            meta["department"].setdefault(m[1], []).append((line, table_id))
        elif (m := _YEAR.fullmatch(text)) and text.endswith("年度"):
            meta["year"].setdefault(m[1], []).append((line, table_id))
        elif m := _UNIT.fullmatch(text):
            try:
                unit = Unit.parse(m[1])
            except ValueError as error:
                raise ReadError(f"{table_id}: {error}", source=source, line=line) from None
            meta["unit"].setdefault(unit.value, []).append((line, table_id))
        else:
            continue
        taken.add(line)
    numbered = compress(zip(range(region.start + 1, region.stop + 1), texts),
                        map(str.strip, texts))  # the lines that are not blank
    return [(line, raw.split("\t")) for line, raw in numbered if line not in taken]


def scope_of(texts: Sequence[str]) -> str | None:
    """单位 for the disclosure of one unit (单位预算, 单位决算, 预算单位…), 部门 for a
    department's, from the cover and the titles; None when neither is said.

    >>> scope_of(["2023年单位财务收支预算总表"]), scope_of(["阳泉市商务局2023年部门决算"])
    ('单位', '部门')
    """
    said = "".join(normalize_label(t) for t in texts)
    if any(w in said for w in ("单位预算", "单位决算", "预算单位财务", "年单位")):
        return "单位"
    return "部门" if "部门" in said else None


def _kind(head: Sequence[str], tables: Sequence[Table]) -> str | None:
    for text in [*head, *(t.title for t in tables)]:
        for kind in ("决算", "预算"):
            if kind in text:
                return kind
    return None


def _prose(single: _Filled, parts: Sequence[int],
           markers: Sequence[int]) -> tuple[tuple[int, str], ...]:
    """The non-blank lines of 第三部分 情况说明 (after the tables, up to the next part)."""
    return _part(single, parts, markers, "情况说明")


def _part(single: _Filled, parts: Sequence[int],
          markers: Sequence[int], heading: str, cells: bool = False,
          ) -> tuple[tuple[int, str], ...]:
    """The non-blank lines of the first part after the tables whose heading holds
    ``heading`` (第三部分 情况说明, 第五部分 附件), up to the next part; with ``cells``,
    leading tabs (empty cells) are kept."""
    start = next((p for p in parts if p > markers[0] and heading in single[p][0]), None)
    if start is None:
        return ()
    end = next((p for p in parts if p > start), len(single.raws))
    # A line's text is its cells joined by tabs again: the raw line.
    raws = single.raws[start + 1:end]
    stripped = list(map(str.strip, raws))
    kept = map(str.rstrip, raws) if cells else stripped
    return tuple(compress(zip(count(start + 2), kept), stripped))  # the non-blank lines
