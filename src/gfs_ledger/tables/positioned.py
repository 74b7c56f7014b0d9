"""Tables from positioned lines (a PDF's text layer): recognised by their titles in the
templates, columns placed by where their headers print.

1. The template is the one whose titles the document prints most (a title counts
   when a 单位：… line follows it within three lines, which a table of contents lacks).
2. A table runs from its title to the next title, a part heading (第三部分 …), the
   end of its closing notes, or a page that does not go on with it.
3. Its header lines (before the first row of figures) give the horizontal band of
   each amount column: the header of a column may wrap over several lines, so it is
   found as a chain of runs, one under the other, whose text is the printed header.
4. Each row is anchored by its code or its figures; lines of text alone next to it
   are its label wrapped over several lines, and join the nearest anchor.
5. The row, now a list of cells in column order, goes to the shape reader of the
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
from gfs_ledger.tables.registry import Shape, normalize_label
from gfs_ledger.tables.shapes import READERS, Line
from gfs_ledger.tables.templates import TableSpec, Template, normalize_title, templates

_LABEL = re.compile(r"(公开\d{1,2}表|表\d{1,2})")
_PART = re.compile(r"第[一二三四五六七八九十]+部分")
_UNIT = re.compile(r"(?:金额)?单位[:：]\s*(万元|元|亿元|千元|\S+)")
_DEPARTMENT = re.compile(
    r"(?:编制部门|编制单位|部门名称|单位名称|预算主管部门|主管部门|部门|单位)[:：]\s*(\S+)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_CODE = re.compile(r"\d{3}(?:\d{2}){0,3}")
_PART_CODE = re.compile(r"\d{2,3}")
_EMPTY = ("本表无数据", "此表为空", "本表为空", "空表", "无数据")
_NOTE = ("注：", "注:", "说明：", "说明:", "备注：")


@attrs.frozen(slots=True)
class PositionedDisclosure:
    """What the reader found in a document of positioned lines."""

    template: Template
    department: str | None
    year: int | None
    tables: tuple[Table, ...]
    units: dict[str, Unit]
    prose: tuple[tuple[int, str], ...]
    diagnostics: tuple[Diagnostic, ...]
    locations: tuple[tuple[int, int], ...]


def _is_figure(text: str) -> bool:
    if not any(ch.isdigit() for ch in text):
        return False
    try:
        return parse_amount(text) is not None
    except InvalidAmount:
        return False


def _is_note(text: str) -> bool:
    cleaned = normalize_label(text)
    return cleaned.startswith(_NOTE) or any(e in cleaned for e in _EMPTY) or (
        cleaned.startswith("无") and "仍保留" in cleaned)


def _choose_template(titles: dict[int, str], source: str) -> tuple[Template, dict[int, TableSpec]]:
    best: tuple[int, Template, dict[int, TableSpec]] | None = None
    for candidate in templates():
        by_title = {t.normalized_title: t for t in candidate.tables}
        found = {k: by_title[t] for k, t in titles.items() if t in by_title}
        if found and (best is None or len(found) > best[0]):
            best = (len(found), candidate, found)
    if best is None:
        known = sorted({t.title for c in templates() for t in c.tables})
        raise ReadError(
            "no table of a known budget or final-accounts layout was found (looked for a "
            f"title followed by a 单位： line, such as {'、'.join(known[:6])} …): "
            "not a 部门预算 / 部门决算 disclosure, or a layout gfs_ledger does not know yet",
            source=source)
    return best[1], best[2]


def read_positioned(lines: Sequence[PositionedLine], source: str) -> PositionedDisclosure:
    """Every table, the metadata and the prose of a document of positioned lines."""
    texts = [normalize_label(line.text) for line in lines]
    candidates: dict[int, str] = {}
    for k, line in enumerate(lines):
        title = normalize_title(line.text)
        if 4 <= len(title) <= 60 and title.endswith(("表", "）", ")")) and any(
                _UNIT.search(t) for t in texts[k + 1:k + 4]):
            candidates[k] = title
    template, found = _choose_template(candidates, source)
    starts = sorted(found)
    parts = [k for k, t in enumerate(texts) if _PART.match(t)]
    diagnostics: list[Diagnostic] = []
    tables: list[Table] = []
    units: dict[str, Unit] = {}
    departments: dict[str, int] = {}
    used: set[int] = set()
    for n, k in enumerate(starts):
        spec = found[k]
        label_at = _label_line(lines, texts, k)
        begin = label_at if label_at is not None else k
        next_start = starts[n + 1] if n + 1 < len(starts) else len(lines)
        if n + 1 < len(starts):
            following = _label_line(lines, texts, next_start)
            if following is not None:
                next_start = following
        end = min([next_start, *(p for p in parts if p > k)])
        region = _Region(spec, lines, k, end, source)
        table = region.read(label=None if label_at is None else
                            _LABEL.search(texts[label_at])[1])  # type: ignore[index]
        used.update(range(begin, region.end))
        if spec.kind in {t.id for t in tables}:
            diagnostics.append(Diagnostic(
                "duplicate_table", f"{spec.kind} {spec.title} is printed twice; the second "
                f"(page {lines[k].page}) is not read", Severity.ERROR, k + 1, None, spec.kind))
            continue
        tables.append(table)
        units[spec.kind] = region.unit
        if region.department:
            departments.setdefault(region.department, k)
        diagnostics += region.diagnostics
    present = {t.id for t in tables}
    for spec in template.tables:
        if spec.kind not in present:
            diagnostics.append(Diagnostic(
                "missing_table", f"{spec.kind} {spec.title} ({template.name}) is not in the "
                "document", Severity.ERROR, None, None, spec.kind))
    head = [normalize_label(line.text) for line in lines[:starts[0]] if line.page <= 2]
    department = (min(departments, key=departments.__getitem__) if departments
                  else _cover_department(head))
    year = next((int(m[1]) for t in head if (m := _YEAR.search(t))), None)
    prose = tuple((k + 1, lines[k].text) for k in range(len(lines)) if k not in used
                  and k >= starts[0])
    locations = tuple((line.page, line.number) for line in lines)
    return PositionedDisclosure(template, department, year, tuple(tables), units, prose,
                                tuple(diagnostics), locations)


def _cover_department(head: Sequence[str]) -> str | None:
    for text in head:
        if m := _DEPARTMENT.search(text):
            return m[1]
    return head[0] if head else None


def _label_line(lines: Sequence[PositionedLine], texts: Sequence[str], k: int) -> int | None:
    """The line just above a title that prints its label alone (公开05表), if any."""
    if k > 0 and _LABEL.fullmatch(texts[k - 1]):
        return k - 1
    return None


@attrs.define
class _Region:
    """The lines of one table and what reading them found."""

    spec: TableSpec
    lines: Sequence[PositionedLine]
    title_at: int
    end: int
    source: str
    unit: Unit = Unit.WAN
    department: str | None = None
    diagnostics: list[Diagnostic] = attrs.field(factory=list)

    def read(self, label: str | None) -> Table:
        spec, lines = self.spec, self.lines
        body = list(range(self.title_at + 1, self.end))
        body = self._metadata(body)
        body, empty = self._until_notes(body)
        header, rows = self._split_header(body)
        columns = _Columns.find(spec, [lines[k] for k in header])
        if columns.missing and rows:
            self.diagnostics.append(Diagnostic(
                "header_not_found",
                f"page {lines[self.title_at].page}: {spec.kind} {spec.title}: the header of "
                f"column(s) {', '.join(columns.missing)} is not printed as expected; their "
                "figures are placed by position", Severity.WARNING, self.title_at + 1, None,
                spec.kind))
        cells = self._rows(rows, columns, header)
        if empty is not None:
            cells.append((empty + 1, ["说明：本表无数据"]))
        reader = READERS[spec.layout.shape]
        title = " ".join(lines[self.title_at].text.split())
        table = reader(spec.layout, title, self.title_at + 1, cells)
        if not _prints_figures(table) and table.status is Status.READ:
            table = attrs.evolve(table, status=Status.EMPTY)  # a blank form
        return attrs.evolve(table, label=label, unit=self.unit)

    def _metadata(self, body: list[int]) -> list[int]:
        kept = []
        for k in body:
            text = normalize_label(self.lines[k].text)
            if (m := _UNIT.search(text)) and len(kept) == 0:
                try:
                    self.unit = Unit.parse(m[1])
                except ValueError as error:
                    raise ReadError(f"{self.spec.kind} {self.spec.title}: {error}",
                                    source=self.source, line=self.lines[k].number,
                                    place=f"page {self.lines[k].page}, line") from None
                if d := _DEPARTMENT.search(_UNIT.sub("", text)):
                    self.department = d[1]
                continue
            kept.append(k)
        return kept

    def _until_notes(self, body: list[int]) -> tuple[list[int], int | None]:
        """The lines before the closing notes; the line that says the table is empty."""
        empty = None
        for n, k in enumerate(body):
            text = self.lines[k].text
            if _is_note(text):
                rest = body[n:]
                notes = [j for j in rest if _is_note(self.lines[j].text)
                         or not any(_is_figure(c.text) for c in self.lines[j].cells)]
                # Notes run on over several lines; the first line after them ends the table.
                last = n
                for j in rest:
                    cleaned = normalize_label(self.lines[j].text)
                    if j in notes and (j == k or not _PART.match(cleaned)):
                        last = body.index(j)
                        if any(e in cleaned for e in _EMPTY):
                            empty = j
                        continue
                    break
                self.end = body[last] + 1
                return body[:n], empty
        # Without notes, the table ends at the first page that does not go on with it.
        kept: list[int] = []
        page = self.lines[body[0]].page if body else 0
        for k in body:
            line = self.lines[k]
            if line.page != page:
                page = line.page
                if not _continues(line):
                    self.end = k
                    break
            kept.append(k)
        return kept, empty

    def _split_header(self, body: list[int]) -> tuple[list[int], list[int]]:
        for n, k in enumerate(body):
            if _is_row(self.lines[k], self.spec):
                return body[:n], body[n:]
        return body, []

    def _rows(self, rows: list[int], columns: _Columns,
              header: list[int]) -> list[Line]:
        """Each anchored row as a list of cells in the order its shape reader takes."""
        lines = [_without_leaders(line) for line in self.lines]
        rows = [k for k in rows if lines[k].cells]
        header_texts = {normalize_label(c.text) for k in header for c in lines[k].cells}
        figured = [k for k in rows if any(_is_figure(c.text) for c in lines[k].cells)]
        anchors = [k for k in rows if _is_anchor(lines[k], self.spec)
                   and not (self.spec.layout.shape is Shape.SUMMARY and k not in figured
                            and _beside(lines[k], [lines[j] for j in figured]))]
        fragments: dict[int, list[int]] = {k: [] for k in anchors}
        for k in rows:
            if k in fragments:
                continue
            line = lines[k]
            if all(normalize_label(c.text) in header_texts for c in line.cells):
                continue  # the header repeated on a new page
            near = [a for a in anchors if lines[a].page == line.page]
            if not near:
                self._unread(k, "a line of text with no row of figures beside it")
                continue
            best = min(near, key=lambda a: abs(_middle(lines[a]) - _middle(line)))
            fragments[best].append(k)
        out: list[Line] = []
        for k in anchors:
            parts = sorted([k, *fragments[k]], key=lambda j: lines[j].top)
            out.append((k + 1, columns.cells(lines[k], [lines[j] for j in parts if j != k],
                                             self.spec)))
        return out

    def _unread(self, k: int, why: str) -> None:
        line = self.lines[k]
        self.diagnostics.append(Diagnostic(
            "unread_line", f"line {k + 1}: {why}: {line.text!r}", Severity.WARNING, k + 1,
            None, self.spec.kind))


_LEADERS = re.compile(r"\.{2,}|…+|·{2,}|．{2,}")


def _without_leaders(line: PositionedLine) -> PositionedLine:
    """A line without the dot leaders and ellipses of a template's example rows."""
    cells = tuple(attrs.evolve(c, text=_LEADERS.sub("", c.text)) for c in line.cells
                  if not _LEADERS.fullmatch(c.text.strip()))
    if all(a.text == b.text for a, b in zip(cells, line.cells)) and len(cells) == len(line.cells):
        return line
    return attrs.evolve(line, cells=tuple(c for c in cells if c.text.strip()))


def _prints_figures(table: Table) -> bool:
    if any(f is not None for item in table.items for f in item.figures):
        return True
    ledger = table.ledger
    if ledger is None:
        return False
    return any(f is not None for f in ledger.total or ()) or any(
        ledger.value(a.code, c) is not None for a in ledger for c in ledger.columns)


def _beside(line: PositionedLine, figured: Sequence[PositionedLine]) -> bool:
    """A line of text alone within one line's height of a row of figures: a label
    that wraps round it."""
    height = line.bottom - line.top
    return any(other.page == line.page and abs(_middle(other) - _middle(line)) < 1.3 * height
               for other in figured)


def _middle(line: PositionedLine) -> float:
    return (line.top + line.bottom) / 2


def _continues(line: PositionedLine) -> bool:
    """A page goes on with a table when its first line is a header or a row."""
    text = normalize_label(line.text)
    return bool(_is_code_start(line) or any(_is_figure(c.text) for c in line.cells)
                or text.startswith(("项目", "科目", "功能分类", "经济分类", "合计")))


_CODE_NAME = re.compile(r"(\d{3}(?:\d{2}){0,2})\s*([^\d.,，%年月日\s].*)")


def _is_code_start(line: PositionedLine) -> bool:
    first = normalize_label(line.cells[0].text) if line.cells else ""
    return bool(_CODE.fullmatch(first.split(" ")[0])) or bool(_CODE_NAME.fullmatch(first))


def _is_row(line: PositionedLine, spec: TableSpec) -> bool:
    """The first row of a table: a code, a 合计 with figures, or (for a one-row table)
    a line of figures alone."""
    figures = sum(_is_figure(c.text) for c in line.cells)
    first = normalize_label(line.cells[0].text)
    if _is_code_start(line) and not first.isdigit() or _CODE.fullmatch(first) and figures:
        return True
    if spec.layout.shape is Shape.TREE and _CODE.fullmatch(first):
        return True
    if figures and figures == len(line.cells):
        return True
    return figures > 0 and not _PART_CODE.fullmatch(first)


def _is_anchor(line: PositionedLine, spec: TableSpec) -> bool:
    figures = any(_is_figure(c.text) for c in line.cells)
    first = normalize_label(line.cells[0].text)
    if figures or _CODE.fullmatch(first.split(" ")[0]) or _CODE_NAME.fullmatch(first):
        return True
    if spec.layout.shape is Shape.TREE:
        return first == "合计"
    return spec.layout.shape is Shape.SUMMARY


@attrs.frozen(slots=True)
class _Band:
    name: str
    x0: float
    x1: float

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


@attrs.frozen(slots=True)
class _Columns:
    """Where each amount column prints, from the header."""

    bands: tuple[_Band, ...]
    missing: tuple[str, ...]

    @classmethod
    def find(cls, spec: TableSpec, header: Sequence[PositionedLine]) -> _Columns:
        wanted = _wanted(spec)
        bands: list[_Band] = []
        missing: list[str] = []
        after = -1e9
        for name, printed in wanted:
            found = _chain(header, normalize_label(printed), after)
            if found is None:
                missing.append(name)
                continue
            bands.append(_Band(name, found[0], found[1]))
            after = found[0] + 0.5
        return cls(tuple(bands), tuple(missing))

    def column_of(self, cell: Cell) -> int | None:
        """The band a figure falls in: the nearest by the gaps between header bands."""
        if not self.bands:
            return None
        best = 0
        for k in range(1, len(self.bands)):
            boundary = (self.bands[k - 1].x1 + self.bands[k].x0) / 2
            if cell.middle > boundary:
                best = k
        return best

    def cells(self, anchor: PositionedLine, others: Sequence[PositionedLine],
              spec: TableSpec) -> list[str]:
        shape = spec.layout.shape
        if shape is Shape.TREE:
            return self._tree(anchor, others, spec)
        if shape is Shape.PANELLED:
            return self._panelled(anchor, others, spec)
        if shape is Shape.SUMMARY:
            return self._summary(anchor, others, spec)
        if shape is Shape.THREE_PUBLIC:
            return self._one_row(anchor, spec)
        return self._list(anchor, others)

    def _place(self, figures: Sequence[Cell], width: int) -> tuple[list[str], list[str]]:
        placed = [""] * width
        clashes: list[str] = []
        for cell in figures:
            k = self.column_of(cell)
            if k is None or k >= width:
                clashes.append(cell.text)
            elif placed[k]:
                clashes.append(cell.text)
            else:
                placed[k] = cell.text
        return placed, clashes

    def _tree(self, anchor: PositionedLine, others: Sequence[PositionedLine],
              spec: TableSpec) -> list[str]:
        codes: list[str] = []
        words: list[Cell] = []
        figures: list[Cell] = []
        for cell in anchor.cells:
            text = normalize_label(cell.text)
            if not words and not figures and (_PART_CODE.fullmatch(text) or _CODE.fullmatch(text)):
                codes.append(text)
            elif (m := _CODE_NAME.fullmatch(text)) and not codes and not words:
                codes.append(m[1])
                words.append(Cell(m[2], cell.x0, cell.x1))
            elif _is_figure(cell.text) and (words or codes or figures or
                                            cell.x0 > (self.bands[0].x0 - 40 if self.bands else 0)):
                figures.append(cell)
            else:
                words.append(cell)
        name = _join_name(words, others, anchor)
        placed, extra = self._place(figures, len(spec.layout.columns))
        code = "".join(codes)
        if not code and spec.total_only and not name:
            name = "合计"
        first = [code, name] if code else [name, ""]
        return [*first, *placed, *extra]

    def _panelled(self, anchor: PositionedLine, others: Sequence[PositionedLine],
                  spec: TableSpec) -> list[str]:
        panels: list[list[str]] = [["", "", ""] for _ in range(spec.layout.panels)]
        labels = set(spec.layout.panel_totals)
        out_totals: list[str] = []
        current: list[str] | None = None
        for cell in anchor.cells:
            text = normalize_label(cell.text)
            if text in labels:
                out_totals.append(text)
                current = None
                continue
            if _CODE.fullmatch(text):
                k = self.column_of(cell)
                panel = 0 if k is None else min(k, spec.layout.panels - 1)
                if cell.x0 > self.bands[panel].x1 and panel + 1 < len(panels):
                    panel += 1
                current = panels[panel]
                current[0] = text
                names = [o for o in others for c in o.cells
                         if c.x0 >= cell.x1 and c.x1 <= self.bands[panel].x0]
                del names
                continue
            if _is_figure(cell.text):
                if out_totals:
                    out_totals.append(cell.text)
                elif current is not None:
                    current[2] = cell.text
                continue
            if current is not None:
                current[1] += text
        if out_totals:
            return out_totals
        for o in sorted(others, key=lambda line: line.top):
            for c in o.cells:
                k = self._panel_of(c, spec)
                if panels[k][0]:
                    target = panels[k]
                    target[1] = (normalize_label(c.text) + target[1] if o.top < anchor.top
                                 else target[1] + normalize_label(c.text))
        return [c for p in panels for c in p]

    def _panel_of(self, cell: Cell, spec: TableSpec) -> int:
        for k, band in enumerate(self.bands[:spec.layout.panels]):
            if cell.x1 <= band.x1:
                return k
        return spec.layout.panels - 1

    def _summary(self, anchor: PositionedLine, others: Sequence[PositionedLine],
                 spec: TableSpec) -> list[str]:
        blocks = spec.layout.side_columns
        firsts = [sum(len(b) for b in blocks[:k]) for k in range(len(blocks))]
        labels: list[list[Cell]] = [[] for _ in blocks]
        figures: list[Cell] = []
        for line in (anchor, *others):
            for cell in line.cells:
                if _is_figure(cell.text) and line is anchor:
                    figures.append(cell)
                    continue
                k = self.column_of(cell)
                if k is None:
                    continue
                # A label prints left of its block's first amount column.
                block = next((b for b in range(len(blocks)) if k < firsts[b] + len(blocks[b])
                              and cell.x1 <= self.bands[firsts[b]].x1), len(blocks) - 1)
                labels[block].append(Cell(cell.text, cell.x0, cell.x1, line.top, line.bottom))
        placed, extra = self._place(figures, sum(len(b) for b in blocks))
        out: list[str] = []
        for b, columns in enumerate(blocks):
            text = "".join(normalize_label(c.text) for c in sorted(labels[b], key=lambda c: c.top))
            values = placed[firsts[b]:firsts[b] + len(columns)]
            out += [spec.names.get(strip_label(text), text), "", *values]
        # A label whose figure prints under the next block (merged cells) takes it.
        for b in range(len(blocks) - 1):
            at, nxt = _block_at(blocks, b), _block_at(blocks, b + 1)
            mine = slice(at + 2, at + 2 + len(blocks[b]))
            theirs = slice(nxt + 2, nxt + 2 + len(blocks[b + 1]))
            if out[at] and not any(out[mine]) and not out[nxt] and any(out[theirs]):
                moved = [v for v in out[theirs] if v]
                out[mine] = (moved + [""] * len(blocks[b]))[:len(blocks[b])]
                out[theirs] = [""] * len(blocks[b + 1])
        return [*out, *extra]

    def _one_row(self, anchor: PositionedLine, spec: TableSpec) -> list[str]:
        figures = [c for c in anchor.cells if _is_figure(c.text)]
        width = len(spec.layout.columns) * len(spec.layout.sides)
        placed, extra = self._place(figures, width)
        if spec.interleaved:
            sides = len(spec.layout.sides)
            placed = [placed[c * sides + s] for s in range(sides)
                      for c in range(len(spec.layout.columns))]
        return [*placed, *extra]

    def _list(self, anchor: PositionedLine, others: Sequence[PositionedLine]) -> list[str]:
        words = [c for c in anchor.cells if not _is_figure(c.text)]
        figures = [c for c in anchor.cells if _is_figure(c.text)]
        label = _join_name(words, others, anchor, sep="·")
        last = figures[-1].text if figures else ""
        return [label, "", last, *[f.text for f in figures[:-1]]]


def _block_at(blocks: Sequence[Sequence[str]], b: int) -> int:
    return sum(2 + len(x) for x in blocks[:b])


def strip_label(text: str) -> str:
    """A label without its ordinal, as ``names`` in a template are written."""
    return re.sub(r"^(?:[一二三四五六七八九十]+、|\d+[.、．])", "", text)


def _join_name(words: Sequence[Cell], others: Sequence[PositionedLine], anchor: PositionedLine,
               sep: str = "") -> str:
    """The label of a row: its own runs, with the runs of wrapped lines above and below."""
    above = [c for o in others if o.top < anchor.top for c in o.cells]
    below = [c for o in others if o.top >= anchor.top for c in o.cells]
    parts = [normalize_label(c.text) for c in above]
    own = [normalize_label(c.text) for c in words]
    parts += own
    parts += [normalize_label(c.text) for c in below]
    if sep and len(own) > 1:
        return sep.join(own) if not above and not below else "".join(parts)
    return "".join(parts)


def _wanted(spec: TableSpec) -> list[tuple[str, str]]:
    layout = spec.layout
    if layout.shape is Shape.SUMMARY:
        blocks = layout.side_columns
        return [(name, printed) for names, headers in zip(blocks, spec.block_headers)
                for name, printed in zip(names, headers)]
    if layout.shape is Shape.PANELLED:
        return [(f"{layout.columns[0]}{k}", spec.headers[0]) for k in range(layout.panels)]
    if layout.shape is Shape.THREE_PUBLIC and spec.interleaved:
        return [(f"{c}·{s}", s) for c in layout.columns for s in layout.sides]
    return list(zip(layout.columns, spec.headers))


def _chain(header: Sequence[PositionedLine], wanted: str, after: float) -> tuple[float, float] | None:
    """The horizontal extent of the leftmost printing of a header right of ``after``:
    runs on one line, or wrapped over the lines below, whose text is ``wanted``."""
    best: tuple[float, float] | None = None
    for n, line in enumerate(header):
        cells = line.cells
        for i in range(len(cells)):
            if cells[i].x0 < after:
                continue
            text, x0, x1 = "", cells[i].x0, cells[i].x1
            for j in range(i, len(cells)):
                piece = normalize_label(cells[j].text)
                text += piece
                x1 = cells[j].x1
                bare = re.sub(r"^\d{4}年度?", "", text)
                if bare == wanted or text == wanted:
                    if best is None or x0 < best[0]:
                        best = (x0, x1)
                    break
                if not (wanted.startswith(bare) or wanted.startswith(text)):
                    break
                rest = wanted[len(bare):] if wanted.startswith(bare) else wanted[len(text):]
                down = _wrapped(header[n + 1:], rest, x0, x1)
                if down is not None:
                    extent = (min(x0, down[0]), max(x1, down[1]))
                    if best is None or extent[0] < best[0]:
                        best = extent
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
            if rest == piece:
                return (min(x0, cell.x0), max(x1, cell.x1))
            if rest.startswith(piece):
                down = _wrapped(lines[n + 1:], rest[len(piece):], min(x0, cell.x0),
                                max(x1, cell.x1))
                if down is not None:
                    return down
    return None
