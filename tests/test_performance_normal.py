"""The appraisal's readers see each line in NFKC (full-width digits and punctuation as
ASCII). ``normal`` replaces the full-width forms itself and runs NFKC only on what still
needs it, and ``normal_lines`` normalises a region's lines joined: both must give
exactly what ``unicodedata.normalize("NFKC", …)`` gives, line by line."""

from __future__ import annotations

import random
import unicodedata

from gfs_ledger import read_report
from gfs_ledger.performance.evaluation import normal, normal_lines


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_every_character_normalises_as_by_nfkc() -> None:
    # Every code point of the basic plane but the surrogates (no text), and the
    # mathematical letters and digits and enclosed alphanumerics (compatibility forms).
    for point in [*range(0xD800), *range(0xE000, 0x10000), *range(0x1D400, 0x1D800),
                  *range(0x1F100, 0x1F300)]:
        char = chr(point)
        assert normal(char) == _nfkc(char), hex(point)


# Full-width forms and their ASCII, the ideographic space, marks that compose with what
# precedes them (acute accent, kana voicing, half-width voicing), half-width katakana,
# Hangul jamo, compatibility characters (…, ½, ①, ㎡), CJK, line feeds and tabs.
_ALPHABET = ("ＡＺａ０９（），：；％．－～ＡAaz09(),:;%.-~\u3000 \u0301\u0308\u3099\uff9e"
             "ｶﾀ\u1100\u1161\u11a8…½①㎡ｍ²万元人率级。、“”\n\t")


def test_random_text_normalises_as_by_nfkc() -> None:
    rng = random.Random(20261128)
    for _ in range(100_000):
        text = "".join(rng.choices(_ALPHABET, k=rng.randrange(0, 12)))
        assert normal(text) == _nfkc(text), ascii(text)


def test_lines_normalised_at_once_are_each_line_normalised() -> None:
    rng = random.Random(12)
    for _ in range(20_000):
        lines = [(k, "".join(rng.choices(_ALPHABET, k=rng.randrange(0, 6))))
                 for k in range(rng.randrange(0, 5))]
        # A line holding a line feed is normalised alone.
        assert normal_lines(lines) == [_nfkc(text) for _, text in lines], ascii(lines)


def test_the_sample_normalises_as_by_nfkc() -> None:
    report = read_report()
    for region in (report.prose, report.appendix):
        assert normal_lines(region) == [_nfkc(text) for _, text in region]
        assert [normal(text) for _, text in region] == [_nfkc(text) for _, text in region]
