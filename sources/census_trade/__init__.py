"""US Census Bureau: US goods trade by partner country, monthly since 1985 (``country.xlsx``)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from sources._common.errors import SourceError
from sources._common.landing import LandedFile
from sources._common.lineage import tag_rows
from sources._common.spec import DatasetSpec, History, RawTable, SourceSpec
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
            history=History(
                ("census_code",), ("year", "month"), ("imports_usd_millions", "exports_usd_millions"),
                where="is_published",
                # Largest clean score: 12.9 real (1985-2024), 4.3 sample (4.7 at scale 10); one month of
                # imports x10 scores 24 for Mexico or Canada, 22 the UK, 17 China or Costa Rica, 13 Guatemala.
                warn_above=14, block_above=16,
            ),
        ),
        RawTable(
            "census_trade_annual_reported",
            "The yearly totals (IYR, EYR) as Census states them, with the number of months published.",
            ("year", "census_code"),
            # A part-year's total is a sum of fewer months; its months are checked in census_trade_monthly.
            history=History(
                ("census_code",), ("year",), ("imports_total_usd_millions", "exports_total_usd_millions"),
                where="months_published = 12",
                # Largest clean score: 15.6 real (Census aggregates in 2020), 16.2 sample.
                warn_above=20, block_above=25,
            ),
        ),
    ),
    read_vintage=read_vintage,
    load=load,
    fetch_live=fetch_country_workbook,
    write_sample=write_sample,
)
