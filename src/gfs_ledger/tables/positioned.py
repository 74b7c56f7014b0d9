"""Tables from positioned lines (a PDF's text layer), recognised by the templates'
titles, their columns placed where their headers print.

1. The template is the one whose titles the document prints most (between equals,
   the one more of whose headers print). A title counts when a 单位：… line or a
   header follows within five lines, which a table of contents lacks. Its printed
   label (公开05表) may stand on the line above or below it.
2. A table runs from its title to the next table, a part heading (第三部分 …), the
   end of its closing notes, or a page that does not go on with it.
3. Its header lines (before the first row) give the horizontal band of each amount
   column (``columns.py``).
4. Each row is anchored by its code or its figures. Lines of text alone beside it
   are its label wrapped over several lines, and join the nearest anchor. A row whose
   figures are all blank is anchored by what makes it a row rather than a piece of a
   label: a total's label (合 | 计 as the text layer splits it), or, in a summary or a
   list, being the line that the pieces of its own wrapped label print round.
5. The row, as a list of cells in column order, goes to the shape reader of the
   table (``shapes.py``), as a row of the text reader would.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from gfs_ledger.amounts import Unit
from gfs_ledger.diagnostics import Diagnostic, Severity
from gfs_ledger.errors import ReadError
from gfs_ledger.sources.lines import PositionedLine
from gfs_ledger.tables.cells import code_of, is_figure, is_numbering, is_value
from gfs_ledger.tables.columns import Columns, wanted
from gfs_ledger.tables.model import Status, Table
from gfs_ledger.tables.reader import scope_of
from gfs_ledger.tables.registry import Shape, normalize_label
from gfs_ledger.tables.shapes import HEADER_WORDS as _HEADER_WORDS
from gfs_ledger.tables.shapes import READERS, Line
from gfs_ledger.tables.templates import TableSpec, Template, normalize_title, templates

_LABEL = re.compile(r"公开\d{1,2}表|表\d{1,2}")
_PART = re.compile(r"第[一二三四五六七八九十]+部分")
_UNIT = re.compile(r"(?:金额)?单位[:：]\s*(万元|元|亿元|千元|\S+)")
_DEPARTMENT = re.compile(
    r"(?:编制部门|编制单位|部门名称|单位名称|预算主管部门|主管部门|部门|单位)[:：]\s*(\S+)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_YEAR_LINE = re.compile(r"(?:19|20)\d{2}年度?")
_SECTION = re.compile(r"[一二三四五六七八九十]+、")
_NUMBERING = re.compile(r"(公开\d{1,2}表|表\d{1,2}|[一二三四五六七八九十]+(?=、)|\d{1,2}(?=[.、．]))")
_LEADERS = re.compile(r"\.{2,}|…+|·{2,}|．{2,}")
_EMPTY = ("本表无数据", "此表为空", "本表为空", "空表", "无数据")
_NOTES = ("注：", "注:", "说明：", "说明:", "备注：", "备注:")
_TITLE_REACH = 5  # lines after a title within which its 单位 line prints
_TOTALS = frozenset({"合计", "总计", "收入总计", "支出总计", "收入合计", "支出合计"})
_HEADS = ("项目", "科目编码", "科目代码", "功能分类", "经济分类", "预算数", "决算数")


@attrs.frozen(slots=True)
class PositionedDisclosure:
    """What the reader found in a document of positioned lines.

    ``locations`` gives the (page, line on the page) of each running line number
    that tables, findings and diagnostics carry.
    """

    template: Template
    department: str | None
    year: int | None
    unit: Unit
    tables: tuple[Table, ...]
    prose: tuple[tuple[int, str], ...]
    diagnostics: tuple[Diagnostic, ...]
    locations: tuple[tuple[int, int], ...]
    scope: str | None = None


def read_positioned(lines: Sequence[PositionedLine], source: str) -> PositionedDisclosure:
    """Every table, the metadata and the prose of a document of positioned lines.

    Raises ``ReadError`` when no table of a known layout is found.
    """
    lines = [line for line in map(_without_leaders, lines) if line.cells]
    texts = [normalize_label(line.text) for line in lines]
    template, found = _choose_template(_titles(texts), lines, source)
    starts = sorted(found)
    begins = {k: _label_at(texts, k) for k in starts}
    parts = [k for k, t in enumerate(texts) if _PART.match(t)]
    diagnostics: list[Diagnostic] = []
    tables: dict[str, Table] = {}
    departments: list[str] = []
    used: set[int] = set()
    for n, k in enumerate(starts):
        spec = found[k]
        label_at = begins[k]
        first = min(k, label_at) if label_at is not None else k
        following = starts[n + 1] if n + 1 < len(starts) else len(lines)
        if n + 1 < len(starts):
            after = begins[following]
            following = min(following, after) if after is not None else following
        end = min([following, *(p for p in parts if p > k)])
        skip = {label_at} if label_at is not None else set()
        region = _Region(spec, lines, k, end, source, skip)
        printed = _NUMBERING.match(texts[k])
        label = texts[label_at] if label_at is not None else (
            printed[1] if printed else None)
        table = region.read(label)
        used.update(range(first, region.end))
        diagnostics += region.diagnostics
        if region.department:
            departments.append(region.department)
        if spec.kind in tables:
            diagnostics.append(Diagnostic(
                "duplicate_table", f"line {k + 1}: {spec.kind} {spec.title} is printed a second "
                "time; the second is not read", Severity.ERROR, k + 1, None, spec.kind))
            continue
        tables[spec.kind] = table
    unit = _units(tables, diagnostics)
    for spec in template.tables:
        if spec.kind not in tables:
            diagnostics.append(Diagnostic(
                "missing_table", f"{spec.kind} {spec.title} ({template.name}) is not in the "
                "document", Severity.ERROR, None, None, spec.kind))
    cover = [t for line, t in zip(lines, texts) if line.page == lines[0].page and t]
    department = (max(dict.fromkeys(departments), key=departments.count) if departments
                  else _cover_department(cover))
    year = next((int(m[1]) for t in texts[:starts[0]] if (m := _YEAR.search(t))), None)
    # The prose is every line outside the tables, also before the first one: a budget
    # often prints its 编制说明 (the item-by-item sentences) before its tables.
    prose = tuple((k + 1, lines[k].text) for k in range(len(lines)) if k not in used)
    titles = [lines[k].text for k in starts]
    return PositionedDisclosure(template, department, year, unit, tuple(tables.values()), prose,
                                tuple(diagnostics), tuple((x.page, x.number) for x in lines),
                                scope_of([*cover, *titles]))


def _units(tables: dict[str, Table], out: list[Diagnostic]) -> Unit:
    """The unit of the document (the one most tables print, 万元 if none does); a table
    that prints none is read in it, with a warning. Each ledger gets its table's unit."""
    printed = [t.unit for t in tables.values() if t.unit is not None]
    unit = max(dict.fromkeys(printed), key=printed.count) if printed else Unit.WAN
    for kind, table in tables.items():
        own = table.unit
        if own is None:
            own = unit
            out.append(Diagnostic(
                "no_unit", f"line {table.line}: {table.name} {table.title} prints no unit of "
                f"money; it is read in {unit.value}", Severity.WARNING, table.line, None, kind))
        ledger = None if table.ledger is None else attrs.evolve(table.ledger, unit=own)
        table = attrs.evolve(table, unit=own, ledger=ledger)
        tables[kind] = table
    return unit


def _titles(texts: Sequence[str]) -> dict[int, str]:
    """Lines that may be a table's title: a 单位 line, or a header, follows within a few
    lines (a table of contents has neither)."""
    found = {}
    for k, text in enumerate(texts):
        title = normalize_title(text)
        if 4 <= len(title) <= 80 and title.endswith(("表", ")")) and any(
                _UNIT.search(t) or t.startswith(_HEADS) for t in texts[k + 1:k + 1 + _TITLE_REACH]):
            found[k] = title
    return found


def _spec_for(title: str, by_title: dict[str, TableSpec]) -> TableSpec | None:
    """The table a title names: exactly, or after the department and year
    (阳泉市商务局2023年收入决算表)."""
    spec = by_title.get(title)
    if spec is None and (m := _YEAR.search(title)):
        spec = by_title.get(normalize_title(title[m.start():]))
    return spec


def _choose_template(titles: dict[int, str], lines: Sequence[PositionedLine],
                     source: str) -> tuple[Template, dict[int, TableSpec]]:
    """The template whose titles the document prints most; between templates that name
    as many tables (the same titles recur across provinces), the one more of whose
    column headers print under them."""
    best: tuple[tuple[int, int], Template, dict[int, TableSpec]] | None = None
    for candidate in templates():
        by_title = {title: t for t in candidate.tables for title in t.titles}
        found = {k: spec for k, t in titles.items() if (spec := _spec_for(t, by_title))}
        if not found or (best is not None and len(found) < best[0][0]):
            continue
        score = (len(found), sum(_headers_found(spec, lines[k + 1:k + 12])
                                 for k, spec in found.items()))
        if best is None or score > best[0]:
            best = (score, candidate, found)
    if best is None:
        known = "; ".join(f"{t.name}: {t.tables[0].title} …" for t in templates())
        raise ReadError(
            "no table of a known budget or final-accounts layout was found (looked for "
            f"titles followed by a 单位： line, in the layouts {known}): not a 部门预算 / "
            "部门决算 disclosure, or a layout gfs_ledger does not know yet", source=source)
    return best[1], best[2]


def _headers_found(spec: TableSpec, below: Sequence[PositionedLine]) -> int:
    """How many of a table's column headers print in the lines below its title."""
    return len(Columns.find(spec, below).bands)


def _label_at(texts: Sequence[str], k: int) -> int | None:
    """The line just above or below a title that prints its label alone (公开05表)."""
    for j in (k - 1, k + 1):
        if 0 <= j < len(texts) and _LABEL.fullmatch(texts[j]):
            return j
    return None


def _cover_department(cover: Sequence[str]) -> str | None:
    """The department on the cover: what it prints before the year (it may wrap)."""
    for text in cover:
        if m := _DEPARTMENT.search(text):
            return m[1]
    name = ""
    for text in cover:
        if m := _YEAR.search(text):
            return name + text[:m.start()] or None
        name += text
    return cover[0] if cover else None


def _without_leaders(line: PositionedLine) -> PositionedLine:
    """A line without the dot leaders and ellipses of a template's example rows."""
    if not any(_LEADERS.search(c.text) for c in line.cells):
        return line
    cells = (attrs.evolve(c, text=_LEADERS.sub("", c.text)) for c in line.cells)
    return attrs.evolve(line, cells=tuple(c for c in cells if c.text.strip()))


def _is_note(text: str) -> bool:
    cleaned = normalize_label(text)
    # a note whose 注 the text layer lost still opens with its colon (Jiangsu 2019, p.16)
    return cleaned.startswith((*_NOTES, ":")) or _says_empty(cleaned) or (
        cleaned.startswith("无") and "仍保留" in cleaned)


def _says_empty(cleaned: str) -> bool:
    """本表无数据, 此表为空, 故本表为空表 …, or a table body of 无 alone."""
    return cleaned == "无" or any(e in cleaned for e in _EMPTY)


def _is_anchor(line: PositionedLine, spec: TableSpec) -> bool:
    """A line that is a row by itself, not the wrapped label of a row beside it."""
    if is_numbering(line):
        return False
    if any(is_figure(c.text) for c in line.cells) or code_of(line):
        return True
    if spec.layout.shape is Shape.TREE:
        return normalize_label(line.cells[0].text) == "合计" or _is_total(line)
    if spec.layout.shape is Shape.PANELLED:
        return any(normalize_label(c.text) in spec.layout.panel_totals for c in line.cells)
    return spec.layout.shape in (Shape.SUMMARY, Shape.STATISTICS)


@attrs.define
class _Region:
    """The lines of one table and what reading them found."""

    spec: TableSpec
    lines: Sequence[PositionedLine]
    title_at: int
    end: int
    source: str
    skip: set[int]
    unit: Unit | None = None
    department: str | None = None
    diagnostics: list[Diagnostic] = attrs.field(factory=list)

    def read(self, label: str | None) -> Table:
        spec, lines = self.spec, self.lines
        body = [k for k in range(self.title_at + 1, self.end) if k not in self.skip]
        body = self._until_notes(self._metadata(body))
        empty = next((k for k in range(self.title_at, self.end)
                      if _says_empty(normalize_label(lines[k].text))), None)
        header, rows = self._split_header(body)
        if spec.layout.shape is Shape.STATISTICS:  # its header again under each section
            words = _header_words(spec)
            header += [k for k in rows if len(lines[k].cells) > 1 and all(
                normalize_label(c.text) in words for c in lines[k].cells)]
        columns = Columns.find(spec, [lines[k] for k in sorted(header)])
        if columns.missing and any(is_figure(c.text) for k in rows for c in lines[k].cells):
            self.diagnostics.append(Diagnostic(
                "header_not_found",
                f"line {self.title_at + 1}: {spec.kind} {spec.title}: no header found for "
                f"{', '.join(columns.missing)}; the figures of this table may stand in the "
                "wrong columns", Severity.ERROR, self.title_at + 1, None, spec.kind))
        cells = self._rows([k for k in rows if k not in header], columns, header)
        if empty is not None:
            cells.append((empty + 1, ["说明：本表无数据"]))
        title = " ".join(lines[self.title_at].text.split())
        layout = spec.layout
        if layout.numbered and not any(name.startswith("行次") for name, _, _ in columns.bands):
            layout = attrs.evolve(layout, numbered=False)  # this document prints no 行次
        table = READERS[layout.shape](layout, title, self.title_at + 1, cells)
        if table.status is Status.READ and not _prints_figures(table):
            table = attrs.evolve(table, status=Status.EMPTY)  # a blank form
        return attrs.evolve(table, label=label, unit=self.unit)

    def _metadata(self, body: list[int]) -> list[int]:
        """The body without the lines that say who, when and in what unit."""
        kept: list[int] = []
        for k in body:
            text = normalize_label(self.lines[k].text)
            if kept:
                kept.append(k)
            elif m := _UNIT.search(text):
                try:
                    self.unit = Unit.parse(m[1])
                except ValueError as error:
                    raise ReadError(f"{self.spec.kind} {self.spec.title}: {error}",
                                    source=self.source, line=self.lines[k].number,
                                    place=f"page {self.lines[k].page}, line") from None
                if d := _DEPARTMENT.search(_UNIT.sub("", text)):
                    self.department = d[1]
            elif d := _DEPARTMENT.fullmatch(text):
                self.department = d[1]
            elif not _YEAR_LINE.fullmatch(text):
                kept.append(k)
        return kept

    def _until_notes(self, body: list[int]) -> list[int]:
        """The lines before the closing notes; the table ends after them, or at the
        first page that does not go on with it."""
        lines = self.lines
        for n, k in enumerate(body):
            if _is_note(lines[k].text):
                last = k
                for j in body[n + 1:]:  # notes run on, on the same page
                    if lines[j].page != lines[k].page or any(
                            is_figure(c.text) for c in lines[j].cells) or _PART.match(
                            normalize_label(lines[j].text)):
                        break
                    last = j
                self.end = last + 1
                return body[:n]
        kept: list[int] = []
        page = lines[body[0]].page if body else 0
        for k in body:
            if lines[k].page != page:
                page = lines[k].page
                if not _continues(lines[k], self.spec):
                    self.end = k
                    break
            kept.append(k)
        return kept

    def _split_header(self, body: list[int]) -> tuple[list[int], list[int]]:
        """The header lines, and the lines from the first row on: a code, a figure, a
        tree's 合计, or a list's section (一、政府采购情况)."""
        shape = self.spec.layout.shape
        for n, k in enumerate(body):
            line = self.lines[k]
            first = normalize_label(line.cells[0].text)
            if not is_numbering(line) and (
                    code_of(line) or any(is_figure(c.text) for c in line.cells)
                    or (shape is Shape.TREE and first == "合计"
                        and all(is_value(c.text) for c in line.cells[1:]))
                    or (shape in (Shape.TREE, Shape.STATISTICS) and _is_total(line)
                        and _left_of_figures(line, [self.lines[j] for j in body[n + 1:]]))
                    or (shape is Shape.STATISTICS and _SECTION.match(first))):
                return body[:n], body[n:]
        return body, []

    def _rows(self, rows: list[int], columns: Columns, header: list[int]) -> list[Line]:
        """Each anchored row as cells in the order its shape reader takes."""
        lines, spec = self.lines, self.spec
        header_texts = {normalize_label(lines[k].text) for k in header}
        figured = [lines[k] for k in rows if any(is_figure(c.text) for c in lines[k].cells)]
        anchors: dict[int, list[PositionedLine]] = {}
        loose: list[int] = []
        for n, k in enumerate(rows):
            line = lines[k]
            if is_numbering(line) or normalize_label(line.text) in header_texts:
                continue  # the header or its 栏次 line repeated on a new page
            if _is_anchor(line, spec) and not (
                    spec.layout.shape is not Shape.TREE and not code_of(line)
                    and line not in figured and (_wraps(line, figured) or (
                        spec.layout.shape in (Shape.SUMMARY, Shape.STATISTICS) and _wraps_blank(
                            line, [lines[j] for j in rows[max(n - 3, 0):n + 4]], figured)))):
                anchors[k] = []
            else:
                loose.append(k)
        for k in loose:
            line = lines[k]
            near = [a for a in anchors if lines[a].page == line.page]
            if not near:
                self.diagnostics.append(Diagnostic(
                    "unread_line", f"line {k + 1}: text beside no row of "
                    f"{spec.kind}: {line.text!r}", Severity.ERROR, k + 1, None, spec.kind))
                continue
            anchors[min(near, key=lambda a: abs(_middle(lines[a]) - _middle(line)))].append(line)
        return [(k + 1, row) for k, wrapped in anchors.items()
                for row in columns.rows(lines[k], wrapped, spec)]


def _is_total(line: PositionedLine) -> bool:
    """A line whose label is a table's total (合计, 总计, 收入总计 …), however its text
    layer splits it (合 | 计), with nothing but values beside it: a row even when
    its figures are blank."""
    label = "".join(normalize_label(c.text) for c in line.cells if not is_value(c.text))
    return label in _TOTALS


def _left_of_figures(line: PositionedLine, below: Sequence[PositionedLine]) -> bool:
    """A label that prints left of every figure below it (after the code or label that
    opens each row), where row labels print: a header 合计 stands above its column."""
    starts = [c.x0 for other in below for c in other.cells[1:] if is_figure(c.text)]
    return bool(starts) and max(c.x1 for c in line.cells) < min(starts)


def _continues(line: PositionedLine, spec: TableSpec) -> bool:
    """A page goes on with a table when its first line is a header or a row."""
    text = normalize_label(line.text)
    words = _header_words(spec)
    return bool(code_of(line) or any(is_figure(c.text) for c in line.cells)
                or text.startswith(("项目", "科目", "功能分类", "经济分类", "合计"))
                or any(normalize_label(c.text) in words for c in line.cells))


def _header_words(spec: TableSpec) -> frozenset[str]:
    """Every word a header of the table may print: its columns' and the usual ones."""
    printed = {normalize_label(p) for _, h in wanted(spec) for p in h.rstrip("?").split("|")}
    return frozenset(printed | _HEADER_WORDS)


def _wraps(line: PositionedLine, figured: Sequence[PositionedLine]) -> bool:
    """A line of text alone that is part of a label wrapped round a row of figures:
    it prints within 1.6 line heights of that row, and either touches it or stands
    where the row prints nothing."""
    height = line.bottom - line.top
    for other in figured:
        if other.page != line.page or abs(_middle(other) - _middle(line)) >= 1.6 * height:
            continue
        gap = max(other.top - line.bottom, line.top - other.bottom)
        if gap < 0.35 * height or not any(
                a.x0 < b.x1 and b.x0 < a.x1 for a in line.cells for b in other.cells):
            return True
    return False


def _wraps_blank(line: PositionedLine, near: Sequence[PositionedLine],
                 figured: Sequence[PositionedLine]) -> bool:
    """A line of text alone that is part of a label wrapped round a row whose figures
    are blank: the row's line is one that lines above and below wrap round, itself no
    wrap of a row of figures, and that prints cells right of this line's label (the
    middle of a label over three lines prints the row's other cells: 组织形式, the next
    block). A label spanning several rows (其他资金 beside 事业收入 and 经营收入) prints
    left of them: those rows stay rows."""
    middles = [m for m in near if m is not line and m not in figured and sum(
        _wraps(other, [m]) for other in near if other is not m) >= 2
        and any(c.x0 > line.cells[0].x1 for c in m.cells) and not _wraps(m, figured)]
    return _wraps(line, middles)


def _middle(line: PositionedLine) -> float:
    return (line.top + line.bottom) / 2


def _prints_figures(table: Table) -> bool:
    """True unless every cell of the table is blank (a blank form)."""
    if any(f is not None for item in table.items for f in item.figures):
        return True
    ledger = table.ledger
    if ledger is None:
        return False
    return any(f is not None for f in ledger.total or ()) or any(
        ledger.value(a.code, c) is not None for a in ledger for c in ledger.columns)


