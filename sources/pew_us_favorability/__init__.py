"""Views of the US abroad: Pew's % favourable, by country and survey year, as compiled by FiveThirtyEight."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from sources._common.errors import SourceError
from sources._common.landing import LandedFile
from sources._common.lineage import tag_rows
from sources._common.spec import DatasetSpec, History, RawTable, SourceSpec
from sources.pew_us_favorability import settings
from sources.pew_us_favorability.fetch import DATASET, fetch_live
from sources.pew_us_favorability.parse import KEY, parse_us_favorability, read_vintage
from sources.pew_us_favorability.sample import write_sample

__all__ = ["SOURCE", "load", "read_vintage"]


def load(landed: list[LandedFile]) -> Mapping[str, pd.DataFrame]:
    frames = []
    for record in landed:
        if record.dataset != DATASET:
            raise SourceError("pew_us_favorability", f"unknown dataset {record.dataset!r}", file=record.original_name)
        frames.append(tag_rows(parse_us_favorability(record.file), record))
    if len(frames) != 1:
        raise SourceError("pew_us_favorability", f"{len(frames)} files landed for pew_us_favorability; expected one")
    return {"pew_us_favorability": frames[0]}


SOURCE = SourceSpec(
    name="pew_us_favorability",
    title="Views of the US abroad (Pew Global Attitudes, compiled by FiveThirtyEight)",
    publisher="FiveThirtyEight (compilation of Pew Research Center figures)",
    homepage=settings.HOMEPAGE,
    licence=settings.LICENCE,
    cadence=settings.CADENCE,
    snapshot_folder="pew_us_favorability",
    datasets=(
        DatasetSpec(
            DATASET,
            ("TRUMPWORLD-us*.csv",),
            "COMPILATION, not a Pew file: FiveThirtyEight's table of Pew's % with a favourable view of the US, "
            "one line per survey year (2000-2017), one column per country",
        ),
    ),
    raw_tables=(
        RawTable(
            "pew_us_favorability",
            "COMPILATION (FiveThirtyEight's CSV of Pew Research Center Global Attitudes figures, not Pew's own file): "
            "share of adults (percent) with a favourable view of the US, per country Pew surveyed (the compilation's "
            "name and its ISO3) and survey year; no row where Pew did not survey. FiveThirtyEight's 'avg' column is "
            "not loaded.",
            KEY,
            # Percent of adults: compared by differences. Largest clean robust z: 4.5 real, 1.3 sample.
            history=History(("country_name",), ("survey_year",), ("pct_favourable",), is_rate="true"),
        ),
    ),
    read_vintage=read_vintage,
    load=load,
    fetch_live=fetch_live,
    write_sample=write_sample,
)
