"""Hypothesis strategies for codes, amounts and ledgers, for our tests and yours.

This module imports hypothesis, a test-only dependency, so ``import gfs_ledger``
does not import it: import ``gfs_ledger.strategies`` from your tests.

Every strategy takes keyword-only options and checks them when it is called,
raising ``gfs_ledger.strategies.InvalidArgument`` for a bad one, before anything
is drawn: a subclass of both ``hypothesis.errors.InvalidArgument`` and
``GfsLedgerError``. Each docstring says exactly what the generated values guarantee.

- ``codes()``: classification codes (``Code``) of one scheme and a range of levels.
- ``amounts()``: Decimal amounts printed to a fixed number of places.
- ``ledgers()``: ledgers whose every parent and 合计 is the exact sum of its
  children (or, with ``consistent=False``, whose every cell is arbitrary).
- ``rounded_ledgers()``: exact 元 ledgers rounded to 万元 (or to the 元) cell by
  cell, half up, the way publishers print them: they differ from exact sums by
  尾数误差 only.
- ``round_ledger()``: the rounding step of ``rounded_ledgers()`` as a function.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from hypothesis import errors
from hypothesis import strategies as st

from gfs_ledger.amounts import NOT_APPLICABLE, Figure, Unit, convert
from gfs_ledger.codes import Code, Scheme
from gfs_ledger.errors import GfsLedgerError, InvalidCode
from gfs_ledger.io.csv import is_code_header, is_name_header
from gfs_ledger.ledger import _TOTAL_SUFFIXES, Ledger, RowRule

__all__ = ["amounts", "codes", "ledgers", "round_ledger", "rounded_ledgers"]


class InvalidArgument(GfsLedgerError, errors.InvalidArgument):
    """A bad option of a strategy: hypothesis's ``InvalidArgument`` and a ``GfsLedgerError``."""

_FIRST_DIGITS = {
    Scheme.REVENUE: "1",
    Scheme.FUNCTIONAL: "2",
    Scheme.ECONOMIC: "3",
    Scheme.GOVERNMENT_ECONOMIC: "5",
    Scheme.OTHER: "046789",
}
_NAME_ALPHABET = "一般公共服务支出商贸事务其他行政运行机关社会保障和就业卫生健康住房、（）,\"'"
_MAX_PLACES = 8


def _check_int(name: str, value: object, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise InvalidArgument(f"{name}={value!r} must be an integer from {lo} to {hi}")
    return value


def _check_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be True or False")
    return value


def _check_scheme(value: object, *, allow_none: bool) -> Scheme | None:
    if value is None and allow_none:
        return None
    if not isinstance(value, Scheme):
        wanted = "a Scheme or None" if allow_none else "a Scheme"
        raise InvalidArgument(f"scheme={value!r} must be {wanted}")
    return value


def _check_levels(min_level: object, max_level: object) -> tuple[int, int]:
    lo = _check_int("min_level", min_level, 1, 4)
    hi = _check_int("max_level", max_level, 1, 4)
    if lo > hi:
        raise InvalidArgument(f"min_level={lo} is above max_level={hi}")
    return lo, hi


def _check_decimal(name: str, value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidArgument(f"{name}={value!r} must be a Decimal, an int or numeric text")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise InvalidArgument(f"{name}={value!r} is not a number") from None
    if not number.is_finite():
        raise InvalidArgument(f"{name}={value!r} must be finite")
    return number


def _scaled_bounds(
    min_value: object, max_value: object, places: int, what: str = "amount"
) -> tuple[int, int]:
    """The bounds as integer counts of the unit step 10**-places."""
    lo = _check_decimal("min_value", min_value)
    hi = _check_decimal("max_value", max_value)
    if lo > hi:
        raise InvalidArgument(f"min_value={min_value!r} is above max_value={max_value!r}")
    low = int(lo.scaleb(places).to_integral_value(rounding="ROUND_CEILING"))
    high = int(hi.scaleb(places).to_integral_value(rounding="ROUND_FLOOR"))
    if low > high:
        raise InvalidArgument(
            f"no {what} with {places} places lies between min_value={min_value!r} "
            f"and max_value={max_value!r}"
        )
    return low, high


def codes(
    *,
    scheme: Scheme | None = Scheme.FUNCTIONAL,
    min_level: int = 1,
    max_level: int = 3,
) -> st.SearchStrategy[Code]:
    """Classification codes of one scheme, from ``min_level`` to ``max_level``.

    Guarantees: each value is a ``Code`` with ``min_level <= code.level <= max_level``
    (1 类, 2 款, 3 项, 4 目) and, unless ``scheme`` is None (any first digit),
    ``code.scheme is scheme``. Each level below the 类 adds two digits from 01 to
    99, so no code ends in 00. Codes shrink towards the lowest digits (201, 20101, …).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(codes(scheme=Scheme.ECONOMIC, max_level=2))
    ... def test(code):
    ...     assert code.scheme is Scheme.ECONOMIC and code.level in (1, 2)
    >>> test()
    """
    chosen = _check_scheme(scheme, allow_none=True)
    lo, hi = _check_levels(min_level, max_level)
    firsts = "1234567890" if chosen is None else _FIRST_DIGITS[chosen]
    first = st.sampled_from(firsts)
    pair = st.integers(1, 99).map("{:02d}".format)

    def build(parts: tuple[str, tuple[str, ...]]) -> Code:
        return Code(parts[0] + "".join(parts[1]))

    return st.integers(lo, hi).flatmap(
        lambda level: st.tuples(first, st.lists(pair, min_size=level, max_size=level))
    ).map(lambda parts: build((parts[0], tuple(parts[1]))))


def amounts(
    *,
    min_value: Decimal | int | str = 0,
    max_value: Decimal | int | str = 10_000_000,
    places: int = 2,
) -> st.SearchStrategy[Decimal]:
    """Decimal amounts printed to exactly ``places`` decimal places.

    Guarantees: each value is a finite ``Decimal`` with
    ``min_value <= value <= max_value`` and exponent exactly ``-places`` (so
    ``unit_step(value) == Decimal(10) ** -places``: 0.01 by default, the 万元
    tables' cent). Zero is ``0.00``, never ``-0.00``. Values shrink towards zero
    (or the bound nearest it). The defaults are non-negative, up to 10 million.

    >>> from hypothesis import given, settings
    >>> from gfs_ledger import unit_step
    >>> @settings(max_examples=20)
    ... @given(amounts(min_value="-5", max_value="5", places=3))
    ... def test(value):
    ...     assert -5 <= value <= 5 and unit_step(value) == Decimal("0.001")
    >>> test()
    """
    count = _check_int("places", places, 0, _MAX_PLACES)
    low, high = _scaled_bounds(min_value, max_value, count)
    return st.integers(low, high).map(lambda n: Decimal(n).scaleb(-count))


def _check_columns(columns: object, row_total: object) -> tuple[tuple[str, ...], str | None]:
    if isinstance(columns, str) or not isinstance(columns, Iterable):
        raise InvalidArgument(f"columns={columns!r} must be a sequence of column names")
    names = tuple(columns)
    if not names:
        raise InvalidArgument("columns must name at least one column")
    total = row_total
    if total is not None and not isinstance(total, str):
        raise InvalidArgument(f"row_total={row_total!r} must be a column name or None")
    everything = (*names, total) if total is not None else names
    for name in everything:
        if not isinstance(name, str) or not name or "".join(name.split()) != name:
            raise InvalidArgument(
                f"column name {name!r} must be non-empty text without white space"
            )
        if is_code_header(name) or is_name_header(name):
            raise InvalidArgument(f"column name {name!r} reads as a code or name header")
    if len(set(everything)) != len(everything):
        raise InvalidArgument(f"column names must be distinct: {list(everything)}")
    if total is not None and not total.endswith(_TOTAL_SUFFIXES):
        raise InvalidArgument(f"row_total={total!r} must end in 合计, 小计 or 总计")
    if total is None and len(names) > 1 and names[0].endswith(_TOTAL_SUFFIXES):
        raise InvalidArgument(
            f"the first column {names[0]!r} reads as a row total; pass it as row_total"
        )
    return names, total


def _check_codes(codes: object, scheme: Scheme) -> tuple[str, ...] | None:
    if codes is None:
        return None
    if isinstance(codes, str) or not isinstance(codes, Iterable):
        raise InvalidArgument(f"codes={codes!r} must be a sequence of codes")
    digits: set[str] = set()
    for code in codes:
        try:
            digits.add(code.digits if isinstance(code, Code) else Code(code).digits)
        except InvalidCode as error:
            raise InvalidArgument(f"codes: {error}") from None
    if not digits:
        raise InvalidArgument("codes must hold at least one code")
    for d in sorted(digits):
        if len(d) > 3 and d[:-2] not in digits:
            raise InvalidArgument(f"codes: the parent {d[:-2]} of {d} is missing")
        if Code(d).scheme is not scheme:
            raise InvalidArgument(f"codes: {d} is not of scheme {scheme.value}")
    return tuple(sorted(digits))


@st.composite
def _tree(draw: st.DrawFn, scheme: Scheme, max_level: int, max_children: int) -> tuple[str, ...]:
    pair = st.integers(1, 99).map("{:02d}".format)
    firsts = st.sampled_from(_FIRST_DIGITS[scheme])
    roots = draw(
        st.lists(st.tuples(firsts, pair).map("".join), min_size=1,
                 max_size=max(1, max_children), unique=True)
    )
    found: list[str] = []
    frontier = roots
    for level in range(1, max_level + 1):
        found += frontier
        if level == max_level:
            break
        below = []
        for parent in frontier:
            kids = draw(st.lists(pair, max_size=max_children, unique=True))
            below += [parent + k for k in kids]
        frontier = below
    return tuple(sorted(found))


def _combine(figures: Sequence[Figure]) -> Figure:
    """The exact sum of cells as ``Ledger.rollup`` forms it: blanks and ``——`` add
    nothing; no number at all gives ``——`` when every cell is ``——`` and blank otherwise."""
    numbers = [f for f in figures if isinstance(f, Decimal)]
    if numbers:
        return sum(numbers[1:], numbers[0])
    if figures and all(f is NOT_APPLICABLE for f in figures):
        return NOT_APPLICABLE
    return None


def ledgers(
    *,
    columns: Sequence[str] = ("基本支出", "项目支出"),
    row_total: str | None = None,
    codes: Iterable[Code | str] | None = None,
    scheme: Scheme = Scheme.FUNCTIONAL,
    max_level: int = 3,
    max_children: int = 3,
    min_value: Decimal | int | str = 0,
    max_value: Decimal | int | str = 1_000_000,
    places: int = 2,
    blanks: bool = True,
    not_applicable: bool = False,
    total: bool = True,
    consistent: bool = True,
    unit: Unit = Unit.WAN,
    title: str | None = None,
) -> st.SearchStrategy[Ledger]:
    """Ledgers over a tree of codes, with every account printed.

    The tree is ``codes`` when given (it must hold the parent of each of its
    codes), and otherwise drawn: 1 to ``max_children`` 类 of ``scheme``, each
    account above ``max_level`` having 0 to ``max_children`` children.

    Guarantees, for every ledger drawn:

    - its columns are ``(row_total, *columns)`` (or ``columns`` without a row
      total), its ``unit`` and ``title`` are the ones given, and it has no
      diagnostics; every account is printed, of ``scheme``, at most ``max_level``
      deep, with a non-empty name free of surrounding white space;
    - a leaf cell is an ``amounts(min_value=…, max_value=…, places=…)`` value, or
      blank (None) when ``blanks``, or ``NOT_APPLICABLE`` when ``not_applicable``;
    - with ``consistent=True`` (the default) every parent cell, and every cell of
      the 合计 row (present when ``total``), is the exact sum of the cells below it
      as ``Ledger.rollup`` forms it: Decimal addition over the numbers, blank when
      no cell below holds a number (``——`` when all are ``——``), so that
      ``ledger.rollup() == ledger`` and every hierarchy check is ``exact`` or
      ``not_applicable``. Sums may exceed ``max_value``;
    - with ``row_total`` (a name ending in 合计/小计/总计) the first column is that
      row total and, when consistent, each row's total is the exact sum of its
      parts; ``ledger.row_rules`` is ``(RowRule(row_total, columns),)``, and ``()``
      without a row total. So ``Ledger.from_csv(ledger.to_csv())`` reads back an
      equal ledger (with ``title=None``);
    - with ``consistent=False`` every cell, parents and totals too, is drawn
      independently like a leaf cell.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(ledgers(row_total="本年支出合计", blanks=False))
    ... def test(ledger):
    ...     assert ledger.rollup() == ledger
    ...     assert all(f.outcome == "exact" for f in ledger.check())
    >>> test()
    """
    numbers = amounts(min_value=min_value, max_value=max_value, places=places)
    return _ledgers(
        numbers,
        _check_options(columns, row_total, codes, scheme, max_level, max_children,
                       blanks, not_applicable, total, consistent, unit, title),
    )


_Options = tuple[
    tuple[str, ...], str | None, tuple[str, ...] | None, Scheme, int, int,
    bool, bool, bool, bool, Unit, str | None,
]


def _check_options(
    columns: object, row_total: object, codes: object, scheme: object, max_level: object,
    max_children: object, blanks: object, not_applicable: object, total: object,
    consistent: object, unit: object, title: object,
) -> _Options:
    names, row_name = _check_columns(columns, row_total)
    chosen = _check_scheme(scheme, allow_none=False)
    assert chosen is not None
    fixed = _check_codes(codes, chosen)
    depth = _check_int("max_level", max_level, 1, 4)
    fanout = _check_int("max_children", max_children, 1, 10)
    flags = [
        _check_bool(option, value)
        for option, value in (("blanks", blanks), ("not_applicable", not_applicable),
                              ("total", total), ("consistent", consistent))
    ]
    if not isinstance(unit, Unit):
        raise InvalidArgument(f"unit={unit!r} must be a Unit")
    if title is not None and not isinstance(title, str):
        raise InvalidArgument(f"title={title!r} must be text or None")
    return (names, row_name, fixed, chosen, depth, fanout, *flags, unit, title)  # type: ignore[return-value]


def _cell_strategy(
    numbers: st.SearchStrategy[Decimal], blanks: bool, not_applicable: bool
) -> st.SearchStrategy[Figure]:
    options: list[st.SearchStrategy[Figure]] = [numbers]
    if blanks:
        options.append(st.none())
    if not_applicable:
        options.append(st.just(NOT_APPLICABLE))
    return st.one_of(options)


def _ledgers(numbers: st.SearchStrategy[Decimal], options: _Options) -> st.SearchStrategy[Ledger]:
    (names, row_name, fixed, scheme, max_level, max_children, blanks, not_applicable,
     total, consistent, unit, title) = options
    cell = _cell_strategy(numbers, blanks, not_applicable)
    name = st.text(_NAME_ALPHABET, min_size=1, max_size=6)
    columns = (row_name, *names) if row_name is not None else names
    rules = (RowRule(row_name, names),) if row_name is not None else ()

    @st.composite
    def build(draw: st.DrawFn) -> Ledger:
        tree = fixed if fixed is not None else draw(_tree(scheme, max_level, max_children))
        present = set(tree)
        has_children = {d[:-2] for d in tree if len(d) > 3}
        rows: dict[str, list[Figure]] = {}

        def draw_row() -> list[Figure]:
            parts = [draw(cell) for _ in names]
            if row_name is None:
                return parts
            head = _combine(parts) if consistent else draw(cell)
            return [head, *parts]

        for digits in tree:
            if not consistent or digits not in has_children:
                rows[digits] = draw_row()
        if consistent:
            for digits in sorted(tree, key=len, reverse=True):
                if digits in has_children:
                    kids = [rows[k] for k in tree if len(k) == len(digits) + 2
                            and k[:-2] == digits]
                    rows[digits] = [_combine(c) for c in zip(*kids)]
        assert set(rows) == present
        total_row: list[Figure] | None = None
        if total:
            if consistent:
                roots = [rows[d] for d in tree if len(d) == 3]
                total_row = [_combine(c) for c in zip(*roots)]
            else:
                total_row = draw_row()
        return Ledger.from_rows(
            [(d, draw(name), rows[d]) for d in tree],
            columns=columns, total=total_row, row_rules=rules, title=title, unit=unit,
        )

    return build()


def round_ledger(ledger: Ledger, *, unit: Unit = Unit.WAN, places: int = 2) -> Ledger:
    """Convert every cell of a ledger, 合计 row included, to ``unit`` and round each
    one on its own, half up (``decimal.ROUND_HALF_UP``), to ``places`` places.

    This is what publishers do to an exact 元 ledger to print it in 万元. Blank
    cells and ``——`` stay as they are; a figure that rounds to zero is ``0.00``
    whatever its sign. Names, columns, row rules and title are kept; accounts that
    were not printed are left out (they reappear as not printed).

    >>> ledger = Ledger.from_rows([("201", "一般公共服务支出", ["6397096"])],
    ...                           columns=["合计"], total=["6397096"], unit=Unit.YUAN)
    >>> rounded = round_ledger(ledger)
    >>> rounded["201"]["合计"], rounded.total, rounded.unit
    (Decimal('639.71'), (Decimal('639.71'),), <Unit.WAN: '万元'>)
    """
    count = _check_int("places", places, 0, _MAX_PLACES)
    if not isinstance(unit, Unit):
        raise InvalidArgument(f"unit={unit!r} must be a Unit")
    step = Decimal(1).scaleb(-count)

    def rounded(figure: Figure) -> Figure:
        if not isinstance(figure, Decimal):
            return figure
        value = convert(figure, ledger.unit, unit).quantize(step, rounding=ROUND_HALF_UP)
        return value.copy_abs() if value.is_zero() else value

    def row(figures: Iterable[Figure]) -> list[Figure]:
        return [rounded(f) for f in figures]

    return Ledger.from_rows(
        [(a.code, a.name, row(a.values[c] for c in ledger.columns)) for a in ledger if a.printed],
        columns=ledger.columns,
        total=None if ledger.total is None else row(ledger.total),
        row_rules=ledger.row_rules,
        title=ledger.title,
        unit=unit,
    )


def rounded_ledgers(
    *,
    columns: Sequence[str] = ("基本支出", "项目支出"),
    row_total: str | None = None,
    codes: Iterable[Code | str] | None = None,
    scheme: Scheme = Scheme.FUNCTIONAL,
    max_level: int = 3,
    max_children: int = 3,
    min_yuan: int = 0,
    max_yuan: int = 1_000_000_000,
    blanks: bool = True,
    total: bool = True,
    title: str | None = None,
    unit: Unit = Unit.WAN,
) -> st.SearchStrategy[Ledger]:
    """Ledgers made the way publishers make them: an exact ledger, rounded cell by
    cell, to 0.01 万元 (the default) or, with ``unit=Unit.YUAN``, to the 元.

    An exact 元 ledger is drawn first, as ``ledgers(unit=Unit.YUAN, places=0,
    consistent=True, …)`` would draw it, with integer leaves from ``min_yuan`` to
    ``max_yuan`` 元 (``places=2``, leaves in 0.01 元, for ``unit=Unit.YUAN``),
    often at a tie such as 12,350 元 (1.235 万元) or 12.50 元 when the range holds
    one; then ``round_ledger`` converts each cell, the 合计 row and the row-total
    column included, to ``unit`` and rounds it half up on its own.

    Guarantees: everything ``ledgers()`` guarantees except consistency, with
    ``unit`` 万元 and every number printed to exactly 0.01, or ``unit`` 元 and every
    number printed to the 元 (exponent 0); each printed figure is within half its
    step of the exact value behind it, so no hierarchy or row check of the ledger
    is ``violated`` under the default tolerance (``Tolerance.rounding()``), and
    neither is any check of a consolidation of such ledgers over the same codes.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(rounded_ledgers(row_total="本年支出合计"), rounded_ledgers(unit=Unit.YUAN))
    ... def test(ledger, in_yuan):
    ...     assert ledger.check().count("violated") == 0
    ...     assert in_yuan.check().count("violated") == 0
    >>> test()
    """
    lo = _check_int("min_yuan", min_yuan, -(10**15), 10**15)
    hi = _check_int("max_yuan", max_yuan, -(10**15), 10**15)
    if lo > hi:
        raise InvalidArgument(f"min_yuan={lo} is above max_yuan={hi}")
    if unit not in (Unit.WAN, Unit.YUAN):
        raise InvalidArgument(f"unit={unit!r} must be Unit.WAN or Unit.YUAN")
    options = _check_options(
        columns, row_total, codes, scheme, max_level, max_children, blanks, False, total,
        True, Unit.YUAN, title,
    )
    # Exact figures as whole multiples of a hundredth of the printed step: 1 元 for
    # 0.01 万元, 0.01 元 for the 元.
    places, printed = (0, 2) if unit is Unit.WAN else (2, 0)
    low, high = lo * 10**places, hi * 10**places
    exact = st.integers(low, high)
    first_tie, last_tie = -((50 - low) // 100), (high - 50) // 100  # 100k + 50 in range
    if first_tie <= last_tie:
        exact = st.one_of(exact, st.integers(first_tie, last_tie).map(lambda k: 100 * k + 50))
    return _ledgers(exact.map(lambda n: Decimal(n).scaleb(-places)), options).map(
        lambda ledger: round_ledger(ledger, unit=unit, places=printed)
    )
