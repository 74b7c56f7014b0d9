"""The wrapped lines of a PDF's prose joined into paragraphs, keeping each line's number.

A PDF prints a sentence over several lines, and even cuts a figure across two
(``…收入支出总计307.82`` / ``万元。``). A line goes on the paragraph of the line
before it unless it opens with a heading or a number (一、 （一） 1、 1. （1）), or the
line before it is short, or it follows a heading (一、 or （一） without a comma or a full stop) and is itself no short rest of the heading's title: a paragraph's last line stops before the right margin,
while a wrapped line fills it. "Short" is measured against the widest prose line of
the same page, a CJK character counting twice a Latin one (digits print about half
as wide). Each paragraph keeps the offset at which each of its lines starts, so a
claim found at an offset is placed on the line that prints it.

>>> paragraphs = join_lines([
...     (10, "一、收入支出决算总体情况说明"),
...     (11, "本部门2024年度收入支出总计307.82"),
...     (12, "万元。与2023年度相比，增加307.82万元，"),
...     (13, "增长100.00%。"),
...     (14, "二、收入决算情况说明"),
... ])
>>> [p.text for p in paragraphs][1]
'本部门2024年度收入支出总计307.82万元。与2023年度相比，增加307.82万元，增长100.00%。'
>>> paragraphs[1].line_at(paragraphs[1].text.index("增长"))
13
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

import attrs

_OPENS = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d{1,2}\s*[、.．](?!\d))"
)
_HEADING = re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、"
                      r"|[（(][一二三四五六七八九十]+[）)])")
_SENTENCE = re.compile(r"[，,。；;：:]")
_FULL = 0.8  # a line at least this share of the page's widest is wrapped, not a last one


@attrs.frozen(slots=True)
class Paragraph:
    """Lines joined: ``text``, and ``starts``, each line's (offset in text, line number)."""

    text: str
    starts: tuple[tuple[int, int], ...]

    @property
    def line(self) -> int:
        """The number of the paragraph's first line."""
        return self.starts[0][1]

    def line_at(self, offset: int) -> int:
        """The number of the line that prints the character at ``offset``."""
        at = bisect.bisect_right([s for s, _ in self.starts], max(offset, 0)) - 1
        return self.starts[max(at, 0)][1]


def width(text: str) -> int:
    """The printed width of text, a CJK character counting 2 and a Latin one 1."""
    stripped = text.strip()
    return len(stripped) + len(_WIDE.findall(stripped))


_WIDE = re.compile("[\u2000-\U0010ffff]")


def join_lines(lines: Iterable[tuple[int, str]],
               pages: Sequence[tuple[int, int]] = ()) -> tuple[Paragraph, ...]:
    """Wrapped lines joined into paragraphs; ``pages`` gives each running line's (page,
    line on page) so that the widest line is measured per page (one page if empty)."""
    numbered = [(n, t.strip()) for n, t in lines if t.strip()]

    def page(n: int) -> int:
        return pages[n - 1][0] if 0 < n <= len(pages) else 0

    widths = [width(text) for _, text in numbered]
    widest: dict[int, int] = {}
    for (n, _), wide in zip(numbered, widths):
        widest[page(n)] = max(widest.get(page(n), 0), wide)
    found: list[Paragraph] = []
    text, starts = "", list[tuple[int, int]]()
    previous_full = heading = False
    for (n, line), wide in zip(numbered, widths):
        full = wide >= _FULL * widest[page(n)]
        # a heading goes on only onto the short rest of its title (…支出预 / 算情况说明)
        ends_heading = heading and (full or _SENTENCE.search(line) is not None)
        if text and (not previous_full or ends_heading or _OPENS.match(line)):
            found.append(Paragraph(text, tuple(starts)))
            text, starts = "", list[tuple[int, int]]()
        starts.append((len(text), n))
        text += line
        previous_full = full
        heading = bool(_HEADING.match(line)) and _SENTENCE.search(line) is None if len(
            starts) == 1 else heading and _SENTENCE.search(line) is None
    if text:
        found.append(Paragraph(text, tuple(starts)))
    return tuple(found)
