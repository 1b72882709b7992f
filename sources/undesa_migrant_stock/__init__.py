"""UN DESA International Migrant Stock: migrants by destination, by origin, origin x destination (2019), locations."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Mapping

import pandas as pd

from sources._common.errors import FetchError, SourceError
from sources._common.http import HttpClient
from sources._common.landing import LandedFile
from sources._common.lineage import tag_rows
from sources._common.spec import DatasetSpec, Download, History, RawTable, SourceSpec
from sources.undesa_migrant_stock import settings
from sources.undesa_migrant_stock.parse import STOCK_KEY, parse_locations, parse_stock, read_vintage
from sources.undesa_migrant_stock.parse_origin_destination import OD_KEY, parse_origin_destination
from sources.undesa_migrant_stock.sample import write_sample

__all__ = ["SOURCE", "load", "read_vintage"]

_TABLE_OF_DATASET = {
    "by_destination": "undesa_stock_by_destination",
    "by_origin": "undesa_stock_by_origin",
    "correspondence": "undesa_locations",
    "origin_destination": "undesa_stock_origin_destination",
}
_PARSER_OF_DATASET = {
    "by_destination": parse_stock,
    "by_origin": parse_stock,
    "correspondence": parse_locations,
    "origin_destination": parse_origin_destination,
}


def load(landed: list[LandedFile]) -> Mapping[str, pd.DataFrame]:
    tables: dict[str, list[pd.DataFrame]] = {}
    for record in landed:
        table = _TABLE_OF_DATASET.get(record.dataset)
        if table is None:
            raise SourceError("undesa_migrant_stock", f"unknown dataset {record.dataset!r}", file=record.original_name)
        frame = _PARSER_OF_DATASET[record.dataset](record.file)
        tables.setdefault(table, []).append(tag_rows(frame, record))
    for name, frames in tables.items():
        if len(frames) > 1:
            raise SourceError("undesa_migrant_stock", f"{len(frames)} files landed for {name}; expected exactly one")
    return {name: frames[0] for name, frames in tables.items()}


def fetch_live(client: HttpClient) -> Iterator[Download]:
    for dataset, url in (
        ("by_destination", settings.BY_DESTINATION_URL),
        ("by_origin", settings.BY_ORIGIN_URL),
        ("correspondence", settings.CORRESPONDENCE_URL),
    ):
        body = client.download(url, dataset=dataset)
        if not zipfile.is_zipfile(io.BytesIO(body)):
            raise FetchError("undesa_migrant_stock", f"dataset {dataset!r}: {url} did not return a workbook")
        yield Download(dataset, url.rsplit("/", 1)[-1], url, body)


SOURCE = SourceSpec(
    name="undesa_migrant_stock",
    title="International Migrant Stock",
    publisher="UN DESA Population Division",
    homepage=settings.HOMEPAGE,
    licence=settings.LICENCE,
    cadence=settings.CADENCE,
    snapshot_folder="undesa_migrant_stock",
    datasets=(
        DatasetSpec(
            "by_destination",
            ("*stock_by_sex_and_destination*.xlsx",),
            "migrant stock at mid-year by sex and location of destination, every fifth year",
        ),
        DatasetSpec(
            "by_origin",
            ("*stock_by_sex_and_origin*.xlsx",),
            "migrant stock at mid-year by sex and location of origin, every fifth year",
        ),
        DatasetSpec(
            "correspondence",
            ("aggregates_correspondence_table*.xlsx",),
            "locations with M49 code, ISO3, type, regions and group membership",
        ),
        DatasetSpec(
            "origin_destination",
            ("*MigrantStockByOriginAndDestination*.csv",),
            "DERIVED: revision 2019, migrant stock by origin x destination (both sexes), a CSV saved from Table 1 "
            "of the publisher's workbook with its banner and total columns dropped",
            # The publisher publishes the workbook, never this CSV: snapshot only (see the README).
            live=False,
        ),
    ),
    raw_tables=(
        RawTable(
            "undesa_stock_by_destination",
            "International migrants (persons) living in each location (countries and aggregates, M49 location "
            "code as 3-digit text) at mid-year, by sex (both, male, female); null where DESA has '..'.",
            STOCK_KEY,
            # A new revision re-estimates the whole series.
            revision_value="migrants",
            # Largest clean robust z: 29.9 on the real snapshot, 6.3 on the sample (README, History checks).
            history=History(
                ("location_code", "sex", "revision"), ("year",), ("migrants",), warn_above=40, block_above=55
            ),
        ),
        RawTable(
            "undesa_stock_by_origin",
            "International migrants (persons) born in each location, living anywhere, at mid-year, by sex; "
            "location 2003 'OTHER' is origin unknown or elsewhere.",
            STOCK_KEY,
            revision_value="migrants",
            # Largest clean robust z: 37.2 on the real snapshot, 6.1 on the sample.
            history=History(
                ("location_code", "sex", "revision"), ("year",), ("migrants",), warn_above=45, block_above=60
            ),
        ),
        RawTable(
            "undesa_stock_origin_destination",
            "DERIVED (a CSV saved from the publisher's workbook, not the workbook): revision 2019, international "
            "migrants (persons, both sexes) born in each origin and living in each destination, at mid-year 1990, "
            "1995, ..., 2015 and 2019. Origins and destinations are DESA names with the ISO3 of the reviewed name map "
            "(null for five M49 subregions among the destination rows); migrants null where the file has '..' or "
            "'-' (missing_mark says which); the file cannot tell DESA's 0 from a cell its workbook left empty.",
            OD_KEY,
            revision_value="migrants",
            # Largest clean robust z: 91.7 on the real snapshot (Venezuelans in Peru, 2019), 6.1 on the sample:
            # refugee waves make single pairs jump, so only a gross error blocks.
            history=History(
                ("origin_name", "destination_name", "revision"),
                ("year",),
                ("migrants",),
                warn_above=110,
                block_above=150,
            ),
        ),
        RawTable(
            "undesa_locations",
            "Every DESA location: M49 code, ISO3 (countries only), type, parent, regions and UN development and "
            "World Bank income group membership; is_country separates countries and areas from aggregates.",
            ("location_code",),
        ),
    ),
    read_vintage=read_vintage,
    load=load,
    fetch_live=fetch_live,
    write_sample=write_sample,
)
