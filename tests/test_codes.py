"""Table-driven tests of ``Code``: levels, parents, ordering, normalisation, bad input."""

from __future__ import annotations

import pytest

from gfs_ledger import Code, InvalidCode, Scheme


@pytest.mark.parametrize(
    ("text", "level", "level_name", "parent", "ancestors"),
    [
        ("201", 1, "类", None, ()),
        ("20113", 2, "款", "201", ("201",)),
        ("2011301", 3, "项", "20113", ("201", "20113")),
        ("101010101", 4, "目", "1010101", ("101", "10101", "1010101")),
        ("30101", 2, "款", "301", ("301",)),
    ],
)
def test_levels_parents_and_ancestors(
    text: str, level: int, level_name: str, parent: str | None, ancestors: tuple[str, ...]
) -> None:
    code = Code(text)
    assert code.level == level
    assert code.level_name == level_name
    assert code.parent == (None if parent is None else Code(parent))
    assert code.ancestors == tuple(map(Code, ancestors))
    assert list(code.lineage()) == [*map(Code, ancestors), code]


@pytest.mark.parametrize(
    ("text", "scheme"),
    [
        ("101", Scheme.REVENUE),
        ("2011301", Scheme.FUNCTIONAL),
        ("30101", Scheme.ECONOMIC),
        ("50101", Scheme.GOVERNMENT_ECONOMIC),
        ("401", Scheme.OTHER),
    ],
)
def test_scheme_from_first_digit(text: str, scheme: Scheme) -> None:
    assert Code(text).scheme is scheme


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("201", "2011301", True),
        ("20113", "2011301", True),
        ("2011301", "2011301", True),
        ("2011301", "20113", False),
        ("201", "208", False),
        ("20113", "2011201", False),
        ("201", "20132", True),
    ],
)
def test_containment(outer: str, inner: str, expected: bool) -> None:
    assert Code(outer).contains(Code(inner)) is expected


def test_ordering_matches_printed_order_of_the_sample() -> None:
    printed = [
        "201", "20113", "2011301", "2011303", "2011399", "20132", "2013299",
        "208", "20805", "2080505", "2080506", "210", "21011", "2101101", "2101102",
        "216", "21602", "2160299", "21606", "2160699", "21699", "2169999",
        "221", "22102", "2210201",
    ]
    codes = [Code(t) for t in printed]
    assert sorted(reversed(codes)) == codes
    assert Code("201") < Code("2011301") < Code("20132") < Code("208")


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        (" 201 ", "201"),
        ("\t2011301\n", "2011301"),
        ("２０１", "201"),
        ("２０１１３", "20113"),
        ("\u3000201\u3000", "201"),
        ("２０1１301", "2011301"),
    ],
)
def test_whitespace_and_full_width_digits_are_normalised(text: str, canonical: str) -> None:
    code = Code(text)
    assert code == Code(canonical)
    assert str(code) == canonical
    assert hash(code) == hash(Code(canonical))


@pytest.mark.parametrize(
    "text",
    ["20", "2011", "20113a", "", "   ", "2011301011", "20-113", "201.1", "-201", "二〇一",
     "2 01", "٢٠١"],
)
def test_invalid_text_raises_invalid_code_quoting_it(text: str) -> None:
    with pytest.raises(InvalidCode) as caught:
        Code(text)
    assert repr(text) in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("value", [201, 20113.0, None, b"201"])
def test_non_text_is_refused(value: object) -> None:
    with pytest.raises(InvalidCode, match="a code is text"):
        Code(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["201", "20113", "2011301", "101010101"])
def test_str_and_repr_round_trip(text: str) -> None:
    code = Code(text)
    assert Code(str(code)) == code
    assert repr(code) == f"Code({text!r})"


def test_hashing_and_equality() -> None:
    assert {Code("201"), Code(" 201"), Code("２０１")} == {Code("201")}
    assert Code("201") != "201"
    assert len({Code("201"): 1, Code("20113"): 2}) == 2


@pytest.mark.parametrize(
    ("text", "is_other"),
    [("2011399", True), ("21699", True), ("299", False), ("2011301", False)],
)
def test_other_catch_all(text: str, is_other: bool) -> None:
    assert Code(text).is_other is is_other


def test_codes_are_immutable() -> None:
    code = Code("201")
    with pytest.raises(AttributeError):
        code.digits = "208"  # type: ignore[misc]
