"""World Bank WITS: US trade summary by partner, one export per data year (``tr_xm_<year>.xlsx``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from sources._common.errors import SourceError
from sources._common.landing import LandedFile
from sources._common.lineage import tag_rows
from sources._common.spec import DatasetSpec, History, RawTable, SourceSpec
from sources.wits import settings
from sources.wits.fetch import fetch_nothing
from sources.wits.parse import parse_trade_summary, require_unique_partners
from sources.wits.partner_names import map_partner_names, partner_iso3_map
from sources.wits.sample import write_sample

__all__ = ["SOURCE", "load", "map_partner_names", "parse_trade_summary", "partner_iso3_map", "read_vintage"]


def read_vintage(path: Path) -> str | None:
    """None: the export states its data year but no release date, so lineage uses the retrieval date."""
    return None


def load(landed: list[LandedFile]) -> Mapping[str, pd.DataFrame]:
    """One raw table from every landed export; fails on a repeated (year, partner) or an unreviewed name."""
    unknown = [record.original_name for record in landed if record.dataset != "trade_summary"]
    if unknown:
        raise SourceError("wits", f"unknown dataset for {unknown}; expected only 'trade_summary'")
    frames = []
    for record in sorted(landed, key=lambda r: r.original_name):
        frame = parse_trade_summary(record.file)
        iso3_by_name = map_partner_names(frame["partner_name"], file=record.file)
        # Null for World, regions and "nes" groups: the name map says why for each.
        frame["partner_iso3"] = frame["partner_name"].map(iso3_by_name)
        frames.append(tag_rows(frame, record))
    if not frames:
        raise SourceError("wits", "no trade summary file was landed")
    partners = pd.concat(frames, ignore_index=True)
    require_unique_partners(partners)
    return {"wits_us_trade_by_partner": partners}


SOURCE = SourceSpec(
    name="wits",
    title="US trade summary by partner (WITS)",
    publisher="World Bank WITS (UN Comtrade and UNCTAD TRAINS)",
    homepage=settings.HOMEPAGE,
    licence=settings.LICENCE,
    cadence=settings.CADENCE,
    snapshot_folder="wits_us_trade_summary",
    datasets=(
        DatasetSpec(
            "trade_summary",
            ("tr_xm_*.xlsx",),
            "one export per year: US exports, imports, partner shares and applied tariffs by partner",
            many=True,
            live=False,
        ),
    ),
    raw_tables=(
        RawTable(
            "wits_us_trade_by_partner",
            "US exports and imports (US$ thousands), partner shares and AHS/MFN tariff averages (%) by "
            "partner name and year, as WITS exports them; partners include World and regional aggregates.",
            ("year", "partner_name"),
            # Largest clean score: 20.8 real (Libya's imports, 2021), 5.4 sample.
            history=History(
                ("partner_name",), ("year",), ("exports_usd_thousands", "imports_usd_thousands"),
                warn_above=25, block_above=35,
            ),
        ),
    ),
    read_vintage=read_vintage,
    load=load,
    fetch_live=fetch_nothing,
    write_sample=write_sample,
)
