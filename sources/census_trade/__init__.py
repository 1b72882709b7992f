"""US Census Bureau: US goods trade by partner country, monthly since 1985 (``country.xlsx``)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from sources._common.errors import SourceError
from sources._common.landing import LandedFile
from sources._common.lineage import tag_rows
from sources._common.spec import DatasetSpec, RawTable, SourceSpec
from sources.census_trade import settings
from sources.census_trade.fetch import fetch_country_workbook
from sources.census_trade.parse import parse_country_workbook, read_vintage
from sources.census_trade.sample import write_sample

__all__ = ["SOURCE", "load", "parse_country_workbook", "read_vintage", "write_sample"]


def load(landed: list[LandedFile]) -> Mapping[str, pd.DataFrame]:
    """Both raw tables from the one landed workbook, each row tagged with its vintage and sha256."""
    workbooks = [record for record in landed if record.dataset == "country"]
    unknown = [record.original_name for record in landed if record.dataset != "country"]
    if unknown:
        raise SourceError("census_trade", f"unknown dataset for {unknown}; expected only 'country'")
    if len(workbooks) != 1:
        # Every release repeats the whole history, so two files would double every row.
        names = [record.original_name for record in workbooks]
        raise SourceError("census_trade", f"expected exactly one country.xlsx, got {len(workbooks)}: {names}")
    record = workbooks[0]
    tables = parse_country_workbook(record.file)
    return {
        "census_trade_monthly": tag_rows(tables.monthly, record),
        "census_trade_annual_reported": tag_rows(tables.annual_reported, record),
    }


SOURCE = SourceSpec(
    name="census_trade",
    title="US trade in goods by country",
    publisher="US Census Bureau, Foreign Trade Division",
    homepage=settings.HOMEPAGE,
    licence=settings.LICENCE,
    cadence=settings.CADENCE,
    snapshot_folder="census_trade",
    datasets=(
        DatasetSpec(
            "country",
            ("country*.xlsx",),
            "US imports and exports of goods by partner and month, Census basis, NSA, US$ millions",
        ),
    ),
    raw_tables=(
        RawTable(
            "census_trade_monthly",
            "US general imports and total exports of goods by Census code (countries and Census aggregates) "
            "and month, US$ millions, not seasonally adjusted except code 0004; unpublished months flagged.",
            ("year", "census_code", "month"),
        ),
        RawTable(
            "census_trade_annual_reported",
            "The yearly totals (IYR, EYR) as Census states them, with the number of months published.",
            ("year", "census_code"),
        ),
    ),
    read_vintage=read_vintage,
    load=load,
    fetch_live=fetch_country_workbook,
    write_sample=write_sample,
)
