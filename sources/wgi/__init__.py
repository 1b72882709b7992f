"""World Bank Worldwide Governance Indicators: six governance estimates per economy and year."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from sources._common.errors import FetchError, SourceError
from sources._common.http import HttpClient
from sources._common.landing import LandedFile
from sources._common.lineage import tag_rows
from sources._common.spec import DatasetSpec, Download, History, RawTable, SourceSpec
from sources.wgi import settings
from sources.wgi.parse import KEY, last_data_year, parse_wgi
from sources.wgi.sample import write_sample

__all__ = ["SOURCE", "load", "read_vintage"]


def read_vintage(path: Path) -> str | None:
    """The workbook states no date; the update is named after the year after its last data year."""
    return str(last_data_year(path) + 1)


def load(landed: list[LandedFile]) -> Mapping[str, pd.DataFrame]:
    frames = []
    for record in landed:
        if record.dataset != "wgidataset":
            raise SourceError("wgi", f"unknown dataset {record.dataset!r}", file=record.original_name)
        frames.append(tag_rows(parse_wgi(record.file), record))
    if len(frames) != 1:
        raise SourceError("wgi", f"{len(frames)} files landed for wgi_estimates; expected exactly one")
    return {"wgi_estimates": frames[0]}


def fetch_live(client: HttpClient) -> Iterator[Download]:
    body = client.download(settings.DATASET_URL, dataset="wgidataset")
    # The World Bank answers a moved file with an HTML page and status 200.
    if not zipfile.is_zipfile(io.BytesIO(body)):
        raise FetchError("wgi", f"{settings.DATASET_URL} did not return an .xlsx workbook ({body[:60]!r})")
    yield Download("wgidataset", "wgidataset.xlsx", settings.DATASET_URL, body)


SOURCE = SourceSpec(
    name="wgi",
    title="Worldwide Governance Indicators",
    publisher="World Bank",
    homepage=settings.HOMEPAGE,
    licence=settings.LICENCE,
    cadence=settings.CADENCE,
    snapshot_folder="wgi",
    datasets=(DatasetSpec("wgidataset", ("wgidataset*.xlsx",), "all economies x six indicators x years, long format"),),
    raw_tables=(
        RawTable(
            "wgi_estimates",
            "WGI estimate, standard error, number of sources and percentile rank (with 90% bounds) per economy, "
            "indicator (va, pv, ge, rq, rl, cc) and year; '..' in the workbook is null.",
            KEY,
            # Each update re-estimates every past year on the same scale.
            revision_value="estimate",
            # The estimate (about -2.5 to 2.5) and the percentile rank (0-100) are points on a scale.
            # Largest clean score: 15.1 real (small territories with one or two sources), 20.4 sample.
            history=History(
                ("country_code", "indicator"), ("year",), ("estimate",), is_rate="true", warn_above=25, block_above=35
            ),
        ),
    ),
    read_vintage=read_vintage,
    load=load,
    fetch_live=fetch_live,
    write_sample=write_sample,
)
