"""World Bank World Development Indicators: one file per indicator, wide by year."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from sources._common.landing import LandedFile
from sources._common.spec import DatasetSpec, History, RawTable, SourceSpec, TableChunk
from sources.worldbank import settings
from sources.worldbank.fetch import fetch_indicators
from sources.worldbank.parse import ROWS_PER_CHUNK, iter_wdi_tables, parse_wdi_files, read_vintage
from sources.worldbank.registry import REGISTRY_FILE, registry_frame
from sources.worldbank.sample import write_sample


def load(landed: list[LandedFile]) -> Mapping[str, pd.DataFrame]:
    """Raw tables from the landed files, each row tagged with the vintage and sha256 it came from."""
    tables = parse_wdi_files([f.file for f in landed])
    by_name = _landed_by_member_name(landed)
    return {
        "wdi_values": _with_lineage(tables.values, by_name),
        "wdi_countries": _with_lineage(tables.countries, by_name),
        "wdi_indicators": _with_lineage(tables.indicators, by_name),
        "wdi_indicator_registry": _registry_with_lineage(),
    }


_TABLES = {"values": "wdi_values", "countries": "wdi_countries", "indicators": "wdi_indicators"}


def load_chunks(landed: list[LandedFile], rows_per_chunk: int = ROWS_PER_CHUNK) -> Iterator[TableChunk]:
    """``load``'s tables with wdi_values in chunks of whole files: WDI runs to tens of millions of values."""
    by_name = _landed_by_member_name(landed)
    for name, frame in iter_wdi_tables([f.file for f in landed], rows_per_chunk):
        yield _TABLES[name], _with_lineage(frame, by_name)
    yield "wdi_indicator_registry", _registry_with_lineage()


def _registry_with_lineage() -> pd.DataFrame:
    """The registry comes from this repository, not the publisher: its lineage is the YAML's hash."""
    registry = registry_frame()
    registry["source_vintage"] = "repository"
    registry["raw_sha256"] = hashlib.sha256(REGISTRY_FILE.read_bytes()).hexdigest()
    return registry


def _landed_by_member_name(landed: list[LandedFile]) -> dict[str, LandedFile]:
    """Parsed rows name the file they came from; a zip's rows name its member, so map those too."""
    by_name: dict[str, LandedFile] = {}
    for record in landed:
        by_name[record.file.name] = record
        if record.file.suffix.lower() == ".zip":
            with zipfile.ZipFile(record.file) as archive:
                for member in archive.namelist():
                    by_name[Path(member).name] = record
    return by_name


def _with_lineage(frame: pd.DataFrame, by_name: dict[str, LandedFile]) -> pd.DataFrame:
    # Looked up by file name through dicts: on a chunk's categorical column that is one lookup per file,
    # not one per row (half a million rows, a few dozen files).
    files = frame["source_file"]
    is_sample = files.map({name: record.origin == "sample" for name, record in by_name.items()}).astype(bool)
    frame = frame.copy()
    frame["raw_sha256"] = files.map({name: record.sha256 for name, record in by_name.items()})
    # A sample file carries a plausible date inside; the landing zone knows it is a sample.
    frame["source_vintage"] = frame["vintage"].astype(object).where(~is_sample, "sample")
    return frame.drop(columns=["vintage"])


SOURCE = SourceSpec(
    name="wdi",
    title="World Development Indicators",
    publisher="World Bank",
    homepage=settings.HOMEPAGE,
    licence=settings.LICENCE,
    cadence=settings.CADENCE,
    snapshot_folder="wdi",
    datasets=(
        DatasetSpec(
            "indicator",
            ("API_*_DS2_en_csv_v2*.csv", "API_*_DS2_en_excel_v2*.xls", "API_*_DS2_en_excel_v2*.xlsx", "API_*.zip"),
            "one file per indicator: values by economy (rows) and year (columns)",
            many=True,
        ),
        DatasetSpec(
            "country_metadata",
            ("Metadata_Country_API_*.csv",),
            "region and income group per economy; aggregates have no region",
            many=True,
            required=False,
        ),
        DatasetSpec(
            "indicator_metadata",
            ("Metadata_Indicator_API_*.csv",),
            "the indicator's definition and source note",
            many=True,
            required=False,
        ),
    ),
    raw_tables=(
        RawTable("wdi_values", "One row per economy or aggregate, indicator and year, as published.",
                 ("country_code", "indicator_code", "year"), revision_value="value",
                 country_code_column="country_code",
                 # Percent, per 100,000 and index codes (.ZS, .ZG, .P5, GINI) are rates; the rest levels.
                 history=History(("country_code", "indicator_code"), ("year",), ("value",),
                                 is_rate=r"regexp_matches(indicator_code, '(\.ZS|\.ZG|\.P5|GINI)$')",
                                 # Largest clean score: 77.2 real (Mauritius' remittances, 2014), 33.4 sample.
                                 warn_above=90, block_above=120)),
        RawTable("wdi_countries", "WDI country metadata: region and income group (aggregates have none).",
                 ("country_code",)),
        RawTable("wdi_indicators", "WDI indicator metadata: name, definition and source note.",
                 ("indicator_code",)),
        RawTable("wdi_indicator_registry", "The indicators Hemisphere loads, with unit, topic and plan points.",
                 ("indicator_code",)),
    ),
    read_vintage=read_vintage,
    load=load,
    fetch_live=fetch_indicators,
    write_sample=write_sample,
    load_chunks=load_chunks,
)
