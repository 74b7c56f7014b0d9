"""The version of gfs_ledger, from the installed package's metadata."""

from __future__ import annotations


def package_version() -> str:
    """The version pip installed (``pyproject.toml``'s ``project.version``), or
    ``0+unknown`` when gfs_ledger runs from a source tree that was never installed.

    >>> import gfs_ledger
    >>> package_version() == gfs_ledger.__version__
    True
    """
    from importlib import metadata

    try:
        return metadata.version("gfs_ledger")
    except metadata.PackageNotFoundError:
        return "0+unknown"
