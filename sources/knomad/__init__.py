"""World Bank/KNOMAD remittances: inward flows by economy and year, and the bilateral matrix."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pandas as pd

from sources._common.errors import SourceError
from sources._common.http import HttpClient
from sources._common.landing import LandedFile
from sources._common.lineage import tag_rows
from sources._common.spec import DatasetSpec, Download, History, RawTable, SourceSpec
from sources.knomad import settings
from sources.knomad.names import map_names
from sources.knomad.parse import parse_bilateral_matrix, parse_inward_flows, read_vintage
from sources.knomad.sample import write_sample

__all__ = ["SOURCE", "load", "map_names", "read_vintage"]


def load(landed: list[LandedFile]) -> Mapping[str, pd.DataFrame]:
    tables: dict[str, list[pd.DataFrame]] = {}

    def add(name: str, frame: pd.DataFrame, record: LandedFile) -> None:
        tables.setdefault(name, []).append(tag_rows(frame, record))

    for record in landed:
        if record.dataset == "inward_flows":
            flows, shares = parse_inward_flows(record.file)
            add("knomad_inward_remittances", flows, record)
            add("knomad_remittances_pct_gdp", shares, record)
        elif record.dataset == "bilateral_matrix":
            add("knomad_bilateral_remittances", parse_bilateral_matrix(record.file), record)
        else:
            raise SourceError("knomad", f"unknown dataset {record.dataset!r}", file=record.original_name)
    for name, frames in tables.items():
        if len(frames) > 1:
            raise SourceError("knomad", f"{len(frames)} files landed for {name}; expected exactly one")
    return {name: frames[0] for name, frames in tables.items()}


def fetch_live(client: HttpClient) -> Iterator[Download]:
    # KNOMAD offers no stable file address (see settings.py and the README): both datasets are
    # declared live=False, so a live refresh reuses the newest snapshot landing of each.
    return iter(())


SOURCE = SourceSpec(
    name="knomad",
    title="Migration and remittances data",
    publisher="World Bank / KNOMAD",
    homepage=settings.HOMEPAGE,
    licence=settings.LICENCE,
    cadence=settings.CADENCE,
    snapshot_folder="knomad",
    datasets=(
        DatasetSpec(
            "inward_flows",
            # KNOMAD capitalised the name in later releases ("Inward_remittance_flows_...").
            ("inward_remittance_flows*.xlsx", "Inward_remittance_flows*.xlsx"),
            "remittance inflows by economy, 2000 to the latest estimate year, US$ millions, and % of GDP",
            live=False,
        ),
        DatasetSpec(
            "bilateral_matrix",
            ("bilateral_remittance_matrix*.xlsx",),
            "estimated remittances by sending and receiving economy for one year, US$ millions",
            live=False,
        ),
    ),
    raw_tables=(
        RawTable(
            "knomad_inward_remittances",
            "Remittance inflows in US$ millions by economy (KNOMAD name, and ISO3 from the reviewed name map) and "
            "year; is_estimate marks the 'YYYYe' column; the low- and middle-income and World aggregates are kept "
            "with is_aggregate. 0 is the publisher's 'no data' in early years; empty cells are not rows.",
            ("country_name", "year"),
            # Each Migration and Development Brief revises past years and turns the estimate into data.
            revision_value="value_usd_millions",
            # Largest clean score: 33.1 real (Ghana's 2011 break in series), 2.2 sample.
            history=History(("country_name",), ("year",), ("value_usd_millions",), warn_above=40, block_above=55),
        ),
        RawTable(
            "knomad_remittances_pct_gdp",
            "Remittance inflows as % of GDP in the latest (estimate) year, by economy and for the aggregates.",
            ("country_name", "year"),
            history=History(("country_name",), ("year",), ("pct_of_gdp",), is_rate="true"),
        ),
        RawTable(
            "knomad_bilateral_remittances",
            "Estimated remittances in US$ millions from a sending to a receiving economy in one year; the WORLD "
            "row and column are totals (sending_is_total, receiving_is_total); corridors without an estimate "
            "are not rows.",
            ("sending_country_name", "receiving_country_name", "year"),
            revision_value="value_usd_millions",
            history=History(("sending_country_name", "receiving_country_name"), ("year",), ("value_usd_millions",)),
        ),
    ),
    read_vintage=read_vintage,
    load=load,
    fetch_live=fetch_live,
    write_sample=write_sample,
)
