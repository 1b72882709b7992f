"""What a publisher module declares, so the orchestration can build its assets generically.

A source is a set of datasets (files), each found in a snapshot folder by glob and, in live
mode, downloaded from the publisher; ``load`` turns the landed files into raw tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sources._common.http import HttpClient
from sources._common.landing import LandedFile

TableChunk = tuple[str, pd.DataFrame]  # (raw table name, some of its rows)


@dataclass(frozen=True)
class Download:
    dataset: str
    file_name: str
    url: str
    content: bytes


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    snapshot_globs: tuple[str, ...]  # relative to the source's snapshot folder, searched recursively
    description: str
    many: bool = False  # True when a release ships one file per indicator or per year
    required: bool = True  # False for companions that some releases omit (WDI metadata CSVs)
    live: bool = True  # False when the publisher offers no stable file URL (see the source README)


@dataclass(frozen=True)
class History:
    """How a raw table's values form series over time, for the history checks (orchestration/checks/history.py)."""

    series: tuple[str, ...]  # columns that, with the value column, name one series
    period: tuple[str, ...]  # ("year",) for annual series, ("year", "month") for monthly ones
    values: tuple[str, ...]  # numeric columns, each a series of its own
    # SQL condition on a row: its series is a rate in points (%, an index), compared by differences;
    # otherwise a level (US$, persons), compared by log ratios.
    is_rate: str = "false"
    where: str = "true"  # SQL condition: the rows that hold published values
    noise_floor: float = 0.0  # in the value's unit: differences this close to zero are noise (small counts)
    # Robust z-scores (checks/history.py): a warning at warn_above, blocking at block_above. Calibrated
    # so that no value of the real snapshot or the bundled sample reaches warn_above (README).
    warn_above: float = 15.0
    block_above: float = 20.0


@dataclass(frozen=True)
class RawTable:
    name: str  # table name inside the ``raw`` schema
    description: str
    key: tuple[str, ...]  # columns that identify a row
    # A numeric column whose changes between vintages are kept in raw.<name>_revisions.
    revision_value: str | None = None
    # A column of ISO3/World Bank codes that must all be known to the country references.
    country_code_column: str | None = None
    # The series each value is checked against (orchestration/checks/history.py); None: no time series.
    history: History | None = None

    @property
    def revisions_table(self) -> str | None:
        return f"{self.name}_revisions" if self.revision_value else None


@dataclass(frozen=True)
class SourceSpec:
    name: str  # short id, also the Dagster group and the `--only` argument
    title: str
    publisher: str
    homepage: str
    licence: str
    cadence: str  # how often the publisher releases, in words; schedules and freshness use it
    snapshot_folder: str
    datasets: tuple[DatasetSpec, ...]
    raw_tables: tuple[RawTable, ...]
    read_vintage: Callable[[Path], str | None]
    load: Callable[[list[LandedFile]], Mapping[str, pd.DataFrame]]
    fetch_live: Callable[[HttpClient], Iterator[Download]]
    write_sample: Callable[..., list[Path]]  # (dest, *, scale=1): see sources/_common/sample_scale.py
    # For a source too large to hold one frame per table: (table name, chunk) pairs, a table's chunks
    # in order concatenating to what ``load`` returns for it. Text columns may be categorical.
    load_chunks: Callable[[list[LandedFile]], Iterator[TableChunk]] | None = None

    def dataset(self, name: str) -> DatasetSpec:
        return next(d for d in self.datasets if d.name == name)

    def table_chunks(self, landed: list[LandedFile]) -> Iterator[TableChunk]:
        """The raw tables as chunks: ``load_chunks`` where the source has it, else one chunk per table."""
        if self.load_chunks is not None:
            return self.load_chunks(landed)
        return iter(self.load(landed).items())
