"""UNCTADstat foreign direct investment: inflows by economy and year (US.FdiFlowsStock export)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pandas as pd

from sources._common.errors import SourceError
from sources._common.http import HttpClient
from sources._common.landing import LandedFile
from sources._common.lineage import tag_rows
from sources._common.spec import DatasetSpec, Download, History, RawTable, SourceSpec
from sources.unctad import settings
from sources.unctad.names import map_names
from sources.unctad.parse import KEY, parse_fdi_inflows, read_vintage
from sources.unctad.sample import write_sample

__all__ = ["SOURCE", "load", "map_names", "read_vintage"]


def load(landed: list[LandedFile]) -> Mapping[str, pd.DataFrame]:
    frames = []
    for record in landed:
        if record.dataset != "fdi_flows_stock":
            raise SourceError("unctad", f"unknown dataset {record.dataset!r}", file=record.original_name)
        frames.append(tag_rows(parse_fdi_inflows(record.file), record))
    if len(frames) != 1:
        raise SourceError("unctad", f"{len(frames)} files landed for unctad_fdi_inflows; expected exactly one")
    return {"unctad_fdi_inflows": frames[0]}


def fetch_live(client: HttpClient) -> Iterator[Download]:
    # The export has no stable URL and the API needs a key (see settings.py): snapshot only.
    return iter(())


SOURCE = SourceSpec(
    name="unctad",
    title="Foreign direct investment: inward and outward flows and stock",
    publisher="UNCTAD (UNCTADstat)",
    homepage=settings.HOMEPAGE,
    licence=settings.LICENCE,
    cadence=settings.CADENCE,
    snapshot_folder="unctad",
    datasets=(
        DatasetSpec(
            "fdi_flows_stock",
            ("US.FdiFlowsStock*.csv",),
            "UNCTADstat data-viewer export: FDI inflows, US$ millions at current prices, by economy and year",
            live=False,
        ),
    ),
    raw_tables=(
        RawTable(
            "unctad_fdi_inflows",
            "FDI inflows in US$ millions at current prices by economy (UNCTAD label, and ISO3 from the reviewed "
            "name map; null for former economies and groups) and year; value null where UNCTAD flags it missing.",
            KEY,
            # UNCTAD revises past years with each World Investment Report.
            revision_value="value_usd_millions",
            # Inflows turn negative when investors withdraw: asinh, not log, in the history check.
            history=History(("economy_label",), ("year",), ("value_usd_millions",)),
        ),
    ),
    read_vintage=read_vintage,
    load=load,
    fetch_live=fetch_live,
    write_sample=write_sample,
)
