"""Classification codes (政府收支分类科目编码): the ``Code`` value type."""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterator

import attrs

from gfs_ledger.errors import InvalidCode

LEVEL_NAMES = {1: "类", 2: "款", 3: "项", 4: "目"}
_LENGTHS = {3: 1, 5: 2, 7: 3, 9: 4}


class Scheme(enum.Enum):
    """The catalog a code belongs to, told by its first digit.

    >>> Code("30101").scheme
    <Scheme.ECONOMIC: 'economic'>
    """

    REVENUE = "revenue"
    FUNCTIONAL = "functional"
    ECONOMIC = "economic"
    GOVERNMENT_ECONOMIC = "government_economic"
    OTHER = "other"


_SCHEME_BY_DIGIT = {
    "1": Scheme.REVENUE,
    "2": Scheme.FUNCTIONAL,
    "3": Scheme.ECONOMIC,
    "5": Scheme.GOVERNMENT_ECONOMIC,
}


def normalize_code(text: str) -> str:
    """Return the canonical digits of a code, or raise ``InvalidCode``.

    Surrounding white space (full-width too) is dropped and full-width digits
    become ASCII digits.

    >>> normalize_code(" ２０１ ")
    '201'
    """
    if text.__class__ is str and len(text) in _LENGTHS and text.isdigit() and text.isascii():
        return text  # already canonical: the common case
    if not isinstance(text, str):
        raise InvalidCode(f"invalid classification code {text!r}: a code is text")
    digits = text.strip()
    if not digits.isascii():
        digits = unicodedata.normalize("NFKC", digits).strip()
    if not digits:
        raise InvalidCode(f"invalid classification code {text!r}: it is empty")
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidCode(f"invalid classification code {text!r}: a code has only digits")
    if len(digits) not in _LENGTHS:
        raise InvalidCode(
            f"invalid classification code {text!r}: a code has 3, 5, 7 or 9 digits"
        )
    return digits


def scheme_of(digits: str) -> Scheme:
    """The scheme of canonical code digits (see ``Scheme``)."""
    return _SCHEME_BY_DIGIT.get(digits[0], Scheme.OTHER)


def parent_digits(digits: str) -> str | None:
    """The parent of canonical code digits, None for a 类."""
    return digits[:-2] if len(digits) > 3 else None


@attrs.frozen(slots=True, order=True, repr=False)
class Code:
    """A classification code such as 2011301, parsed and checked on construction.

    Each level adds two digits to its parent: 类 (3 digits), 款 (5), 项 (7), 目 (9).
    Codes sort in the order the tables print them (a parent just before its
    children) and ``str()`` gives back the digits.

    >>> code = Code("2011301")
    >>> code.level, code.level_name, code.parent
    (3, '项', Code('20113'))
    >>> [str(a) for a in code.ancestors]
    ['201', '20113']
    >>> Code("201").contains(code), sorted([Code("208"), code, Code("201")])
    (True, [Code('201'), Code('2011301'), Code('208')])
    """

    digits: str = attrs.field(converter=normalize_code)

    @property
    def level(self) -> int:
        """1 for a 类, 2 for a 款, 3 for a 项, 4 for a 目."""
        return _LENGTHS[len(self.digits)]

    @property
    def level_name(self) -> str:
        """类, 款, 项 or 目."""
        return LEVEL_NAMES[self.level]

    @property
    def scheme(self) -> Scheme:
        """The catalog the code belongs to (functional 2xx, economic 3xx, …)."""
        return scheme_of(self.digits)

    @property
    def parent(self) -> Code | None:
        """The code one level up, None for a 类."""
        digits = parent_digits(self.digits)
        return None if digits is None else Code(digits)

    @property
    def ancestors(self) -> tuple[Code, ...]:
        """Every code above this one, the 类 first."""
        return tuple(Code(self.digits[:n]) for n in range(3, len(self.digits), 2))

    @property
    def is_other(self) -> bool:
        """True for a "其他…" catch-all (a 款 or deeper ending in 99)."""
        return self.level > 1 and self.digits.endswith("99")

    def contains(self, other: Code) -> bool:
        """True when ``other`` is this code or lies below it."""
        return other.digits.startswith(self.digits)

    def lineage(self) -> Iterator[Code]:
        """This code and its ancestors, from the 类 down."""
        yield from self.ancestors
        yield self

    def __str__(self) -> str:
        return self.digits

    def __repr__(self) -> str:
        return f"Code({self.digits!r})"
