"""The bundled sample: the 2023 final accounts of 阳泉市商务局 (Yangquan commerce bureau)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from gfs_ledger.ledger import Ledger

SAMPLE_REPORT = "yangquan-commerce-2023-final-accounts.txt"
SAMPLE_TABLE03 = "yangquan-commerce-2023-table03.csv"


def sample_path(name: str = SAMPLE_REPORT) -> Path:
    """The path of a bundled sample file.

    >>> sample_path().name
    'yangquan-commerce-2023-final-accounts.txt'
    """
    with resources.as_file(resources.files("gfs_ledger") / "data" / name) as path:
        return Path(path)


def sample_text() -> str:
    """The text of the bundled disclosure, as extracted from its PDF."""
    return sample_path().read_text(encoding="utf-8")


def sample_ledger() -> Ledger:
    """公开03表 (支出决算表) of the sample, read from its CSV.

    >>> sample_ledger()
    <Ledger 公开03表: 25 accounts × 6 columns (本年支出合计, 基本支出, 项目支出, 上缴上级支出, …)>
    """
    from gfs_ledger.io.csv import read_csv

    return read_csv(sample_path(SAMPLE_TABLE03), source=SAMPLE_TABLE03, title="公开03表")
