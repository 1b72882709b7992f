"""Read-only access to the published warehouse, shared by every dashboard page.

A refresh publishes by renaming a new file over ``HEMI_HOME/hemisphere.duckdb`` (or by committing a
new snapshot to the DuckLake that HEMI_WAREHOUSE names, docs/deploy.md). Every query here
opens its own read-only connection and closes it, so the dashboard never pins an old file: a page
rendered after a refresh reads the new warehouse, and a render during one reads the complete old one.
Nothing is cached across renders for the same reason; the marts are small and DuckDB opens a file in
milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from orchestration.paths import hemi_home
from orchestration.reader import NotPublishedError, describe, open_published
from orchestration.reader import is_published as reader_is_published
from orchestration.warehouse import WarehouseFiles

# Publisher names for the `source` column of meta.source_loads, as a caption should print them.
PUBLISHERS = {
    "census_trade": "US Census Bureau (FT-900)",
    "wdi": "World Bank WDI",
    "wgi": "World Bank WGI",
    "knomad": "World Bank/KNOMAD",
    "unctad": "UNCTADstat",
    "cbp_encounters": "US CBP",
    "wits": "World Bank WITS",
    "trade_agreements": "WTO RTA-IS",
    "undesa_migrant_stock": "UN DESA",
    "reference": "UN M49, Census Schedule C, World Bank CLASS",
    "usitc_dataweb": "USITC DataWeb",
    "pew_us_favorability": "Pew Research Center (FiveThirtyEight compilation)",
}

SAMPLE_VINTAGE = "sample"


class WarehouseMissingError(RuntimeError):
    """No warehouse has been published in HEMI_HOME yet."""


def warehouse_path() -> Path:
    return WarehouseFiles(hemi_home()).published


def warehouse_label() -> str:
    """The published file's path, or the DuckLake's catalog and data path (HEMI_WAREHOUSE)."""
    return describe()


def is_published() -> bool:
    return reader_is_published()


def query(sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
    """Run one statement on a fresh read-only connection to the published warehouse (file or lake).

    orchestration/reader.py opens it sandboxed, as `hemi query` does: no other file, and no way to turn
    that back on (DuckDB's "Securing DuckDB"). A fresh connection each time: never a replaced file or an
    old snapshot pinned.
    """
    try:
        con = open_published(sandboxed=True, alias="warehouse")
    except NotPublishedError as exc:
        raise WarehouseMissingError(str(exc)) from None
    with con:
        return con.execute(sql, list(params)).df()


def in_countries(column: str, selected: Sequence[str]) -> tuple[str, list[object]]:
    """A SQL condition (and its parameters) keeping the selected economies; every row when none is selected."""
    if not selected:
        return "true", []
    return f"{column} in (select unnest(?::varchar[]))", [list(selected)]


def country_options() -> pd.DataFrame:
    """Economies the filter offers: the Western Hemisphere and the trade paper's comparators."""
    return query(
        """
        select country_iso3, country_name, subregion
        from marts.dim_country
        where is_western_hemisphere or is_comparator
        order by subregion, country_name
        """
    )


@dataclass(frozen=True)
class Publication:
    """What the published warehouse was built from, for the banner and captions."""

    mode: str | None  # of the latest refresh: sample, snapshot or live
    published_at: str | None
    vintages: dict[str, list[str]]  # source -> the vintages of its loaded tables

    @property
    def sample_sources(self) -> list[str]:
        return sorted(s for s, vs in self.vintages.items() if SAMPLE_VINTAGE in vs)

    @property
    def is_sample(self) -> bool:
        # A partial refresh from a snapshot leaves the other sources as they were, possibly sample.
        return self.mode == SAMPLE_VINTAGE or bool(self.sample_sources)

    def vintage_of(self, *sources: str) -> str:
        """'World Bank WDI: 2025-07-01; UNCTADstat: 2025-12' for a caption."""
        parts = []
        for source in sources:
            vintages = ", ".join(self.vintages.get(source, [])) or "not loaded"
            parts.append(f"{PUBLISHERS.get(source, source)}: {vintages}")
        return "; ".join(parts)


def publication() -> Publication:
    refresh = query("select mode, published_at::varchar as published_at from meta.refreshes order by published_at desc")
    loads = query("select source, vintages from meta.source_loads order by source, table_name")
    vintages: dict[str, list[str]] = {}
    for source, joined in loads.itertuples(index=False):
        # The WDI indicator registry is read from the repository, not from the publisher.
        found = [v for v in str(joined or "").split(",") if v and v != "repository"]
        vintages[source] = sorted(set(vintages.get(source, [])) | set(found))
    latest = refresh.iloc[0] if len(refresh) else None
    return Publication(
        mode=None if latest is None else str(latest["mode"]),
        published_at=None if latest is None else str(latest["published_at"]),
        vintages=vintages,
    )


def vintages_in(frame: pd.DataFrame, column: str = "source_vintage") -> str:
    """The distinct vintages of the rows on show, for a caption."""
    if column not in frame or frame[column].dropna().empty:
        return "none"
    return ", ".join(sorted({str(v) for v in frame[column].dropna()}))
