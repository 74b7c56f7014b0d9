"""Tables from positioned lines (a PDF's text layer), recognised by the templates'
titles, their columns placed where their headers print.

1. The template is the one whose titles the document prints most. A title counts
   when a 单位：… line follows within five lines, which a table of contents lacks.
   Its printed label (公开05表) may stand on the line above or below it.
2. A table runs from its title to the next table, a part heading (第三部分 …), the
   end of its closing notes, or a page that does not go on with it.
3. Its header lines (before the first row) give the horizontal band of each amount
   column. A header may wrap over several lines, so it is found as a chain of runs,
   one under the other, whose text is the header the template prints.
4. Each row is anchored by its code or its figures. Lines of text alone beside it
   are its label wrapped over several lines, and join the nearest anchor.
5. The row, as a list of cells in column order, goes to the shape reader of the
   table (``shapes.py``), as a row of the text reader would.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from gfs_ledger.amounts import Unit, parse_amount
from gfs_ledger.diagnostics import Diagnostic, Severity
from gfs_ledger.errors import InvalidAmount, ReadError
from gfs_ledger.sources.lines import Cell, PositionedLine
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
_CODE = re.compile(r"\d{3}(?:\d{2}){0,3}")
_CODE_PART = re.compile(r"\d{2}")
_CODE_NAME = re.compile(r"(\d{3}(?:\d{2}){0,2})\s*([^\d.,，%年月日\s-].*)")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、．]|[(（][一二三四五六七八九十\d]+[)）])")
_SECTION = re.compile(r"[一二三四五六七八九十]+、")
_NUMBERING = re.compile(r"(公开\d{1,2}表|表\d{1,2}|[一二三四五六七八九十]+(?=、)|\d{1,2}(?=[.、．]))")
_LEADERS = re.compile(r"\.{2,}|…+|·{2,}|．{2,}")
_EMPTY = ("本表无数据", "此表为空", "本表为空", "空表", "无数据")
_NOTES = ("注：", "注:", "说明：", "说明:", "备注：", "备注:")
_TITLE_REACH = 5  # lines after a title within which its 单位 line prints


@attrs.frozen(slots=True)
class PositionedDisclosure:
    """What the reader found in a document of positioned lines.

    ``locations`` gives the (page, line on the page) of each running line number
    that tables, findings and diagnostics carry.
    """

    template: Template
    department: str | None
    year: int | None
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
    template, found = _choose_template(_titles(texts), source)
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
    for spec in template.tables:
        if spec.kind not in tables:
            diagnostics.append(Diagnostic(
                "missing_table", f"{spec.kind} {spec.title} ({template.name}) is not in the "
                "document", Severity.ERROR, None, None, spec.kind))
    cover = [t for line, t in zip(lines, texts) if line.page == lines[0].page and t]
    department = (max(set(departments), key=departments.count) if departments
                  else _cover_department(cover))
    year = next((int(m[1]) for t in texts[:starts[0]] if (m := _YEAR.search(t))), None)
    # The prose is every line outside the tables, also before the first one: a budget
    # often prints its 编制说明 (the item-by-item sentences) before its tables.
    prose = tuple((k + 1, lines[k].text) for k in range(len(lines)) if k not in used)
    titles = [lines[k].text for k in starts]
    return PositionedDisclosure(template, department, year, tuple(tables.values()), prose,
                                tuple(diagnostics), tuple((x.page, x.number) for x in lines),
                                scope_of([*cover, *titles]))


def _titles(texts: Sequence[str]) -> dict[int, str]:
    """Lines that may be a table's title: a 单位 line follows within a few lines."""
    found = {}
    for k, text in enumerate(texts):
        title = normalize_title(text)
        if 4 <= len(title) <= 60 and title.endswith(("表", ")")) and any(
                _UNIT.search(t) for t in texts[k + 1:k + 1 + _TITLE_REACH]):
            found[k] = title
    return found


def _choose_template(titles: dict[int, str],
                     source: str) -> tuple[Template, dict[int, TableSpec]]:
    best: tuple[Template, dict[int, TableSpec]] | None = None
    for candidate in templates():
        by_title = {title: t for t in candidate.tables for title in t.titles}
        found = {k: by_title[t] for k, t in titles.items() if t in by_title}
        if found and (best is None or len(found) > len(best[1])):
            best = (candidate, found)
    if best is None:
        known = "; ".join(f"{t.name}: {t.tables[0].title} …" for t in templates())
        raise ReadError(
            "no table of a known budget or final-accounts layout was found (looked for "
            f"titles followed by a 单位： line, in the layouts {known}): not a 部门预算 / "
            "部门决算 disclosure, or a layout gfs_ledger does not know yet", source=source)
    return best


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


def _is_figure(text: str) -> bool:
    """A printed number."""
    return any(ch.isdigit() for ch in text) and _is_value(text)


def _is_value(text: str) -> bool:
    """A printed number or a not-applicable mark (——)."""
    try:
        return parse_amount(text) is not None
    except InvalidAmount:
        return False


def _is_note(text: str) -> bool:
    cleaned = normalize_label(text)
    # a note whose 注 the text layer lost still opens with its colon (Jiangsu 2019, p.16)
    return cleaned.startswith((*_NOTES, ":")) or _says_empty(cleaned) or (
        cleaned.startswith("无") and "仍保留" in cleaned)


def _says_empty(cleaned: str) -> bool:
    """本表无数据, 此表为空, 故本表为空表 …, or a table body of 无 alone."""
    return cleaned == "无" or any(e in cleaned for e in _EMPTY)


def _is_numbering(line: PositionedLine) -> bool:
    """A 栏次 line: the columns numbered 1, 2, 3 …"""
    texts = [normalize_label(c.text) for c in line.cells]
    numbers = [t for t in texts if t not in ("栏次", "行次")]
    return len(numbers) > 0 and numbers == [str(n) for n in range(1, len(numbers) + 1)] and (
        len(numbers) > 1 or len(numbers) < len(texts))


def _code_of(line: PositionedLine) -> bool:
    first = normalize_label(line.cells[0].text) if line.cells else ""
    return bool(_CODE.fullmatch(first) or _CODE_NAME.fullmatch(first))


def _is_anchor(line: PositionedLine, spec: TableSpec) -> bool:
    """A line that is a row by itself, not the wrapped label of a row beside it."""
    if _is_numbering(line):
        return False
    if any(_is_figure(c.text) for c in line.cells) or _code_of(line):
        return True
    first = normalize_label(line.cells[0].text)
    if spec.layout.shape is Shape.TREE:
        return first == "合计"
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
    unit: Unit = Unit.WAN
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
            words = {normalize_label(p) for _, h in _wanted(spec) for p in h.split("|")}
            header += [k for k in rows if len(lines[k].cells) > 1 and all(
                normalize_label(c.text) in words | _HEADER_WORDS for c in lines[k].cells)]
        columns = _Columns.find(spec, [lines[k] for k in sorted(header)])
        if columns.missing and any(_is_figure(c.text) for k in rows for c in lines[k].cells):
            self.diagnostics.append(Diagnostic(
                "header_not_found",
                f"line {self.title_at + 1}: {spec.kind} {spec.title}: no header found for "
                f"{', '.join(columns.missing)}; the figures of this table may stand in the "
                "wrong columns", Severity.ERROR, self.title_at + 1, None, spec.kind))
        cells = self._rows([k for k in rows if k not in header], columns, header)
        if empty is not None:
            cells.append((empty + 1, ["说明：本表无数据"]))
        title = " ".join(lines[self.title_at].text.split())
        table = READERS[spec.layout.shape](spec.layout, title, self.title_at + 1, cells)
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
                            _is_figure(c.text) for c in lines[j].cells) or _PART.match(
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
                if not _continues(lines[k]):
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
            if not _is_numbering(line) and (
                    _code_of(line) or any(_is_figure(c.text) for c in line.cells)
                    or (shape is Shape.TREE and first == "合计"
                        and all(_is_value(c.text) for c in line.cells[1:]))
                    or (shape is Shape.STATISTICS and _SECTION.match(first))):
                return body[:n], body[n:]
        return body, []

    def _rows(self, rows: list[int], columns: _Columns, header: list[int]) -> list[Line]:
        """Each anchored row as cells in the order its shape reader takes."""
        lines, spec = self.lines, self.spec
        header_texts = {normalize_label(lines[k].text) for k in header}
        figured = [lines[k] for k in rows if any(_is_figure(c.text) for c in lines[k].cells)]
        anchors: dict[int, list[PositionedLine]] = {}
        loose: list[int] = []
        for k in rows:
            line = lines[k]
            if _is_numbering(line) or normalize_label(line.text) in header_texts:
                continue  # the header or its 栏次 line repeated on a new page
            if _is_anchor(line, spec) and not (
                    spec.layout.shape is not Shape.TREE and not _code_of(line)
                    and line not in figured and _wraps(line, figured)):
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


def _continues(line: PositionedLine) -> bool:
    """A page goes on with a table when its first line is a header or a row."""
    text = normalize_label(line.text)
    return bool(_code_of(line) or any(_is_figure(c.text) for c in line.cells)
                or text.startswith(("项目", "科目", "功能分类", "经济分类", "合计")))


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


def _text(cells: Sequence[Cell]) -> str:
    """Runs of one label, wrapped over lines, in reading order."""
    ordered = sorted(cells, key=lambda c: (round(c.top), c.x0))
    return "".join(normalize_label(c.text) for c in ordered)


def _stacks(cells: Sequence[Cell]) -> list[list[Cell]]:
    """Cells grouped into the columns they print in (overlapping horizontally), left
    to right: each a label wrapped over lines."""
    stacks: list[list[Cell]] = []
    for cell in sorted(cells, key=lambda c: c.x0):
        for stack in stacks:
            if any(cell.x0 < other.x1 and other.x0 < cell.x1 for other in stack):
                stack.append(cell)
                break
        else:
            stacks.append([cell])
    return stacks


@attrs.frozen(slots=True)
class _Columns:
    """Where each amount column prints: (name, x0, x1) from the header, left to right."""

    bands: tuple[tuple[str, float, float], ...]
    missing: tuple[str, ...]

    @classmethod
    def find(cls, spec: TableSpec, header: Sequence[PositionedLine]) -> _Columns:
        bands: list[tuple[str, float, float]] = []
        missing: list[str] = []
        after = -1e9
        for name, printed in _wanted(spec):
            found = min((f for p in printed.split("|")
                         if (f := _chain(header, normalize_label(p), after)) is not None),
                        default=None)
            if found is None:
                missing.append(name)
                continue
            bands.append((name, *found))
            after = found[0] + 0.5
        return cls(tuple(bands), tuple(missing))

    def index(self, cell: Cell) -> int:
        """The column a value falls in: split at the middles of the gaps between headers."""
        at = 0
        for k in range(1, len(self.bands)):
            if cell.middle > (self.bands[k - 1][2] + self.bands[k][1]) / 2:
                at = k
        return at

    def place(self, values: Sequence[Cell], names: Sequence[str]) -> tuple[list[str], list[str]]:
        """Values in the slots of ``names``; the values that find no free slot."""
        placed = dict.fromkeys(names, "")
        extra: list[str] = []
        for cell in values:
            name = self.bands[self.index(cell)][0] if self.bands else None
            if name in placed and not placed[name]:
                placed[name] = cell.text
            else:
                extra.append(cell.text)
        return list(placed.values()), extra

    def rows(self, anchor: PositionedLine, wrapped: Sequence[PositionedLine],
             spec: TableSpec) -> list[list[str]]:
        """The row (or, for a panelled line that also prints its totals, rows) of cells
        that the shape reader takes."""
        shape = spec.layout.shape
        if shape is Shape.TREE:
            return [self._tree(anchor, wrapped, spec)]
        if shape is Shape.PANELLED:
            return self._panelled(anchor, wrapped, spec)
        if shape is Shape.SUMMARY:
            return [self._summary(anchor, wrapped, spec)]
        if shape is Shape.THREE_PUBLIC:
            values = [c for c in anchor.cells if _is_value(c.text)]
            placed, extra = self.place(values, [n for n, _ in _wanted(spec)])
            if spec.interleaved:  # printed column by column; the reader takes side by side
                sides = len(spec.layout.sides)
                placed = [placed[c * sides + s] for s in range(sides)
                          for c in range(len(spec.layout.columns))]
            return [[*placed, *extra]]
        return [self._list(anchor, wrapped, spec)]

    def _tree(self, anchor: PositionedLine, wrapped: Sequence[PositionedLine],
              spec: TableSpec) -> list[str]:
        code = ""
        words: list[Cell] = []
        values: list[Cell] = []
        for cell in anchor.cells:
            text = normalize_label(cell.text)
            if not words and not values and (_CODE.fullmatch(text) or (code and
                                              _CODE_PART.fullmatch(text))):
                code += text
            elif not code and not words and (m := _CODE_NAME.fullmatch(text)):
                code = m[1]
                words.append(attrs.evolve(cell, text=m[2]))
            elif _is_value(cell.text) and (code or words or values or (
                    self.bands and cell.x1 > self.bands[0][1])):
                values.append(cell)
            else:
                words.append(cell)
        name = _text([*words, *(c for line in wrapped for c in line.cells)])
        placed, extra = self.place(values, spec.layout.columns)
        if not code and not name and spec.total_only:
            name = "合计"
        return [*([code, name] if code else [name, ""]), *placed, *extra]

    def _panelled(self, anchor: PositionedLine, wrapped: Sequence[PositionedLine],
                  spec: TableSpec) -> list[list[str]]:
        count = spec.layout.panels
        codes = [""] * count
        names: list[list[Cell]] = [[] for _ in range(count)]
        values = [""] * count
        totals: list[str] = []  # label, figure, label, figure of the closing totals
        for cell in anchor.cells:
            k = self._panel(cell, count)
            text = normalize_label(cell.text)
            if text in spec.layout.panel_totals:
                totals += [text, ""]
            elif totals and not totals[-1] and _is_value(cell.text) and not codes[k]:
                totals[-1] = cell.text
            elif not codes[k] and not names[k] and _CODE.fullmatch(text):
                codes[k] = text
            elif _is_value(cell.text) and codes[k] and not values[k]:
                values[k] = cell.text
            else:
                names[k].append(cell)
        for line in wrapped:
            for cell in line.cells:
                names[self._panel(cell, count)].append(cell)
        panels = [c for k in range(count) for c in (codes[k], _text(names[k]), values[k])]
        return [row for row in (panels, totals) if any(row)]

    def _panel(self, cell: Cell, count: int) -> int:
        """The panel a cell prints in: how many panels' code headers start left of it
        (or, without them, how many amount columns end left of it)."""
        starts = [x0 for name, x0, _ in self.bands if name.startswith("科目编码")]
        if len(starts) == count:
            return max(sum(x0 - 3 < cell.middle for x0 in starts) - 1, 0)
        ends = [x1 for name, _, x1 in self.bands if not name.startswith("科目编码")]
        return min(sum(x1 < cell.x0 for x1 in ends), count - 1)

    def _summary(self, anchor: PositionedLine, wrapped: Sequence[PositionedLine],
                 spec: TableSpec) -> list[str]:
        layout = spec.layout
        blocks = layout.side_columns
        slots = [n for n, _ in _wanted(spec)]
        labels: list[list[Cell]] = [[] for _ in blocks]
        values: list[Cell] = []
        for line in (anchor, *wrapped):
            for cell in line.cells:
                if line is anchor and _is_value(cell.text):
                    values.append(cell)
                else:
                    labels[self._block(cell, blocks, slots)].append(cell)
        in_slots, extra = self.place(values, slots)
        placed = dict(zip(slots, in_slots))
        out: list[list[str]] = []
        for b, columns in enumerate(blocks):
            text = _text(labels[b])
            name = spec.names.get(_ORDINAL.sub("", text), text)
            out.append([name, placed.get(f"行次{b}", ""),
                        *(placed.get(f"{c}{b}", "") for c in columns)])
        # A label whose figures print under the next block (merged cells) takes them.
        for b in range(len(blocks) - 1):
            mine, theirs = out[b], out[b + 1]
            if mine[0] and not any(mine[2:]) and not theirs[0] and any(theirs[2:]):
                moved = [v for v in theirs[2:] if v]
                mine[2:] = (moved + [""] * len(blocks[b]))[:len(blocks[b])]
                theirs[2:] = [""] * len(blocks[b + 1])
        return [*(c for block in out for c in block), *extra]

    def _block(self, cell: Cell, blocks: Sequence[Sequence[str]], slots: Sequence[str]) -> int:
        """The block of a label: the first whose first amount column ends right of it."""
        for b in range(len(blocks)):
            first = next((x1 for name, _, x1 in self.bands if name.endswith(str(b))
                          and name.rstrip("0123456789") in (*blocks[b], "行次")), None)
            if first is not None and cell.x1 <= first + 1:
                return b
        return len(blocks) - 1

    def _list(self, anchor: PositionedLine, wrapped: Sequence[PositionedLine],
              spec: TableSpec) -> list[str]:
        words = [c for c in anchor.cells if not _is_value(c.text)]
        values = [c for c in anchor.cells if _is_value(c.text)]
        row = ""
        if spec.layout.numbered and values and self.bands and self.bands[0][0] == "行次":
            placed, values = self.place(values, ["行次"])[0][0], [
                v for v in values if self.bands[self.index(v)][0] != "行次"]
            row = placed
        label = "·".join(map(_text, _stacks([*words, *(c for w in wrapped for c in w.cells)])))
        return [label, row, values[-1].text if values else "", *(v.text for v in values[:-1])]


def _wanted(spec: TableSpec) -> list[tuple[str, str]]:
    """The header of each slot of a table, left to right: (slot name, printed header)."""
    layout = spec.layout
    numbered = [("行次", "行次")] if layout.numbered else []
    if layout.shape is Shape.SUMMARY:
        out = []
        for b, (names, headers) in enumerate(zip(layout.side_columns, spec.block_headers)):
            out += [(f"{n}{b}", h) for n, h in [*numbered, *zip(names, headers)]]
        return out
    if layout.shape is Shape.PANELLED:
        code = spec.code_header
        return [slot for k in range(layout.panels)
                for slot in ((f"科目编码{k}", code), (f"{layout.columns[0]}{k}", spec.headers[0]))]
    if layout.shape is Shape.THREE_PUBLIC:
        if spec.interleaved:
            return [(f"{c}·{s}", s) for c in layout.columns for s in layout.sides]
        return [(f"{c}·{s}", h) for s in layout.sides
                for c, h in zip(layout.columns, spec.headers)]
    if layout.shape is Shape.STATISTICS:
        return [*numbered, *zip(layout.columns, spec.headers)]
    return list(zip(layout.columns, spec.headers))


def _chain(header: Sequence[PositionedLine], wanted: str,
           after: float) -> tuple[float, float] | None:
    """The horizontal extent of the leftmost printing of a header right of ``after``:
    runs on one line, or wrapped over the lines below, whose text is ``wanted``."""
    best: tuple[float, float] | None = None
    for n, line in enumerate(header):
        cells = line.cells
        for i, start in enumerate(cells):
            if start.x0 < after or (best is not None and start.x0 >= best[0]):
                continue
            text, x1 = "", start.x1
            for cell in cells[i:]:
                text += normalize_label(cell.text)
                x1 = cell.x1
                bare = re.sub(r"^\d{4}年度?", "", text)
                if wanted in (text, bare):
                    best = (start.x0, x1)
                    break
                rest = next((wanted[len(t):] for t in (text, bare) if wanted.startswith(t)), None)
                if rest is None:
                    break
                below = _wrapped(header[n + 1:], rest, start.x0, x1)
                if below is not None:
                    best = below
                    break
    return best


def _wrapped(lines: Sequence[PositionedLine], rest: str, x0: float,
             x1: float) -> tuple[float, float] | None:
    """The rest of a wrapped header on the lines below, under the same place."""
    for n, line in enumerate(lines[:3]):
        for cell in line.cells:
            if cell.x1 < x0 - 2 or cell.x0 > x1 + 2:
                continue
            piece = normalize_label(cell.text)
            extent = (min(x0, cell.x0), max(x1, cell.x1))
            if rest == piece:
                return extent
            if piece and rest.startswith(piece):
                below = _wrapped(lines[n + 1:], rest[len(piece):], *extent)
                if below is not None:
                    return below
    return None
