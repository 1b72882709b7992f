"""U.S. CBP nationwide encounters: monthly encounters by region, state, demographic and citizenship."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from sources._common.errors import FetchError, SourceError
from sources._common.http import HttpClient
from sources._common.landing import LandedFile
from sources._common.lineage import tag_rows
from sources._common.spec import DatasetSpec, Download, History, RawTable, SourceSpec
from sources.cbp_encounters import settings
from sources.cbp_encounters.names import map_names
from sources.cbp_encounters.parse import KEY, last_month, parse_encounters
from sources.cbp_encounters.sample import write_sample

__all__ = ["SOURCE", "load", "map_names", "read_vintage"]


def read_vintage(path: Path) -> str | None:
    """The file states no date: its vintage is the newest month it covers ('YYYY-MM')."""
    return last_month(parse_encounters(path))


def load(landed: list[LandedFile]) -> Mapping[str, pd.DataFrame]:
    frames = []
    for record in landed:
        if record.dataset != "nationwide_encounters":
            raise SourceError("cbp_encounters", f"unknown dataset {record.dataset!r}", file=record.original_name)
        frames.append(tag_rows(parse_encounters(record.file), record))
    if len(frames) != 1:
        raise SourceError("cbp_encounters", f"{len(frames)} files landed for cbp_encounters; expected exactly one")
    return {"cbp_encounters": frames[0]}


def fetch_live(client: HttpClient) -> Iterator[Download]:
    url = settings.STATE_FILE_URL
    body = client.download(url, dataset="nationwide_encounters")
    if not body.lstrip(b"\xef\xbb\xbf").startswith(b"Fiscal Year"):
        raise FetchError("cbp_encounters", f"{url} did not return the encounters CSV ({body[:60]!r})")
    yield Download("nationwide_encounters", url.rsplit("/", 1)[-1], url, body)


SOURCE = SourceSpec(
    name="cbp_encounters",
    title="Nationwide encounters",
    publisher="U.S. Customs and Border Protection",
    homepage=settings.HOMEPAGE,
    licence=settings.LICENCE,
    cadence=settings.CADENCE,
    snapshot_folder="cbp_encounters",
    datasets=(
        DatasetSpec(
            "nationwide_encounters",
            ("*nationwide-encounters*.csv",),
            "encounters by fiscal year, month, land border region, state, demographic, citizenship and title",
        ),
    ),
    raw_tables=(
        RawTable(
            "cbp_encounters",
            "Encounters (events, not people) by fiscal year and month (with the calendar year and month), land "
            "border region, state, demographic, citizenship (as published; OTHER kept) and title of authority; "
            "fiscal_year_is_complete is false for the fiscal year to date.",
            KEY,
            # Each monthly posting revises the recent months' counts.
            revision_value="encounter_count",
            history=History(
                ("land_border_region", "state", "demographic", "citizenship", "title_of_authority"),
                ("calendar_year", "month"),
                ("encounter_count",),
                # Most combinations count a handful of events a month: 1 to 9 is noise, not a tenfold jump.
                noise_floor=20,
                # Largest clean score: 59.7 real (a combination's surge after months without encounters),
                # 8.2 sample: surges multiply a combination's count by a hundred.
                warn_above=75, block_above=100,
            ),
        ),
    ),
    read_vintage=read_vintage,
    load=load,
    fetch_live=fetch_live,
    write_sample=write_sample,
)
