"""The exceptions gfs_ledger raises.

Every one derives from ``GfsLedgerError``, so ``except GfsLedgerError`` catches all
that gfs_ledger raises on purpose; each also keeps the built-in base that says what
kind of mistake it is (``ValueError`` for bad input, ``KeyError`` for a lookup,
``ImportError`` for a missing extra, ``ZeroDivisionError`` for a division by an
interval holding zero), so code that catches those goes on working.

=====================  ======================================  =====================
class                  raised for                              built-in base
=====================  ======================================  =====================
``InvalidCode``        text that is not a classification code  ``ValueError``
``InvalidAmount``      text that is not a printed amount       ``ValueError``
``ReadError``          a file or text that cannot be read      ``ValueError``
``InvalidValue``       any other value gfs_ledger cannot use   ``ValueError``
``NotFound``           no such account, column or row          ``KeyError``
``MissingExtra``       an optional extra that is not installed ``ImportError``
``IntervalError``      division by an interval holding zero    ``ZeroDivisionError``
``InvalidOperand``     a float or text in interval arithmetic  ``TypeError``
``NoSuchName``         a name the package does not export      ``AttributeError``
=====================  ======================================  =====================
"""

from __future__ import annotations

from pathlib import Path


class GfsLedgerError(Exception):
    """The base of every exception gfs_ledger raises: catch it to catch them all.

    Each subclass also derives from the built-in exception that says what kind of
    mistake it is (``InvalidCode`` is a ``ValueError``, a missing extra an
    ``ImportError``), so code that catches those still does.

    >>> from gfs_ledger import Code, GfsLedgerError
    >>> try:
    ...     Code("2011")
    ... except GfsLedgerError as error:
    ...     print(type(error).__name__, isinstance(error, ValueError))
    InvalidCode True
    """


class InvalidCode(GfsLedgerError, ValueError):
    """Text that is not a classification code; the message quotes it.

    >>> from gfs_ledger import Code
    >>> Code("2011")
    Traceback (most recent call last):
    ...
    gfs_ledger.errors.InvalidCode: invalid classification code '2011': a code has 3, 5, 7 or 9 digits
    """


class InvalidAmount(GfsLedgerError, ValueError):
    """Text that is not a printed amount; the message quotes it.

    >>> from gfs_ledger import parse_amount
    >>> parse_amount("1,77,6.55")
    Traceback (most recent call last):
    ...
    gfs_ledger.errors.InvalidAmount: invalid amount '1,77,6.55': not a number
    """


class InvalidValue(GfsLedgerError, ValueError):
    """A value gfs_ledger cannot use that is neither a code, an amount nor a file: an
    unknown unit, a tolerance, duplicate column names, a float where a printed figure
    is needed.

    >>> from gfs_ledger import Tolerance
    >>> Tolerance.parse("loose")
    Traceback (most recent call last):
    ...
    gfs_ledger.errors.InvalidValue: unknown tolerance 'loose': use rounding, truncation, exact or a number
    """


class NotFound(GfsLedgerError, KeyError):
    """No such account, column or row; the message names what was looked for.

    >>> from gfs_ledger import sample_ledger
    >>> sample_ledger()["20114"]
    Traceback (most recent call last):
    ...
    gfs_ledger.errors.NotFound: 'no account 20114 in 公开03表'
    """


class MissingExtra(GfsLedgerError, ImportError):
    """An optional extra that is not installed; the message says how to install it."""


class IntervalError(GfsLedgerError, ZeroDivisionError):
    """A division by an interval that holds zero."""


class InvalidOperand(GfsLedgerError, TypeError):
    """A value that interval arithmetic cannot use (a float, text)."""


class NoSuchName(GfsLedgerError, AttributeError):
    """``gfs_ledger.<name>`` for a name the package neither exports nor holds.

    >>> import gfs_ledger
    >>> gfs_ledger.Ledgr
    Traceback (most recent call last):
    ...
    gfs_ledger.errors.NoSuchName: module 'gfs_ledger' has no attribute 'Ledgr'
    """


class ReadError(GfsLedgerError, ValueError):
    """Input that cannot be read, naming the file, the line and the cell.

    >>> from gfs_ledger import Ledger
    >>> Ledger.from_csv("科目编码,科目名称,合计\\n201,一般公共服务支出,abc\\n", source="t.csv")
    Traceback (most recent call last):
    ...
    gfs_ledger.errors.ReadError: t.csv, line 2, cell C (合计): invalid amount 'abc': not a number
    """

    def __init__(
        self, message: str, *, source: str, line: int | None = None, cell: str | None = None,
        place: str = "line",
    ) -> None:
        self.source = source
        self.line = line
        self.cell = cell
        self.place = place  # what ``line`` counts: a ``line`` of text, a ``row`` of a sheet
        self.reason = message
        where = source
        if line is not None:
            where += f", {place} {line}"
        if cell is not None:
            where += f", cell {cell}"
        super().__init__(f"{where}: {message}")


def install_hint(extra: str) -> str:
    """The command that installs an extra, the way gfs_ledger itself was installed.

    pip records where a package came from (``direct_url.json``, PEP 610): from a
    checkout, the hint installs that folder with the extra (``-e`` when it was an
    editable install), from an archive or a repository that URL, and from an index
    the package name. Run from a source tree without installing, it is that tree.

    >>> install_hint("excel").startswith("python -m pip install")
    True
    """
    where = _installed_from()
    if where is None:
        return f"python -m pip install 'gfs_ledger[{extra}]'"
    url, editable, folder = where
    if folder is not None:
        return f"python -m pip install {'-e ' * editable}'{folder}[{extra}]'"
    return f"python -m pip install 'gfs_ledger[{extra}] @ {url}'"


def _installed_from() -> tuple[str, bool, str | None] | None:
    """(url, editable, folder) of a direct install, or None for an install from an index."""
    import json
    from importlib import metadata
    from urllib.parse import unquote, urlparse

    tree = _source_tree()
    if tree is not None:
        return tree.as_uri(), True, str(tree)
    try:
        recorded = metadata.distribution("gfs_ledger").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not recorded:
        return None
    data = json.loads(recorded)
    url = str(data.get("url", ""))
    parsed = urlparse(url)
    if "dir_info" in data and parsed.scheme == "file":
        return url, bool(data["dir_info"].get("editable", False)), unquote(parsed.path)
    return url, False, None


def _source_tree() -> Path | None:
    """The checkout this module is imported from (``<tree>/src/gfs_ledger``), if any."""
    package = Path(__file__).resolve().parent
    tree = package.parents[1]
    if package.parent.name == "src" and (tree / "pyproject.toml").is_file():
        return tree
    return None


def missing_extra(extra: str, needs: str, what: str) -> MissingExtra:
    """The error for an extra that is not installed: what needs it and how to install it.

    >>> print(missing_extra("excel", "openpyxl", "reading .xlsx"))  # doctest: +ELLIPSIS
    reading .xlsx needs openpyxl, which the excel extra installs: python -m pip install ...
    """
    return MissingExtra(
        f"{what} needs {needs}, which the {extra} extra installs: {install_hint(extra)}"
    )
