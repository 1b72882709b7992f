"""Reference files that join the publishers' country keys: UN M49, Census Schedule C, WB CLASS."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from sources._common.errors import SourceError
from sources._common.http import HttpClient
from sources._common.landing import LandedFile
from sources._common.lineage import tag_rows
from sources._common.spec import DatasetSpec, Download, RawTable, SourceSpec
from sources.reference import settings
from sources.reference.parse import parse_m49, parse_schedule_c, parse_wb_class, parse_wb_income_history
from sources.reference.sample import write_sample

_SCHEDULE_C_PRODUCED = re.compile(rb"Produced:\s*(\d{2})([A-Z]{3})(\d{2})")
_MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_DATED_NAME = re.compile(r"(\d{4})_(\d{2})_(\d{2})")


def read_vintage(path: Path) -> str | None:
    """Schedule C states when it was produced; OGHIST carries its date in the file name."""
    if path.suffix.lower() == ".txt":
        found = _SCHEDULE_C_PRODUCED.search(path.read_bytes()[:2000])
        if found and found.group(2).decode() in _MONTHS:
            day, month, year = found.groups()
            return f"20{year.decode()}-{_MONTHS[month.decode()]:02d}-{day.decode()}"
    dated = _DATED_NAME.search(path.name)
    return "-".join(dated.groups()) if dated else None


def load(landed: list[LandedFile]) -> Mapping[str, pd.DataFrame]:
    tables: dict[str, list[pd.DataFrame]] = {}

    def add(name: str, frame: pd.DataFrame, record: LandedFile) -> None:
        tables.setdefault(name, []).append(tag_rows(frame, record))

    for record in landed:
        if record.dataset == "m49":
            add("m49_areas", parse_m49(record.file), record)
        elif record.dataset == "schedule_c":
            add("census_country_codes", parse_schedule_c(record.file), record)
        elif record.dataset == "wb_class":
            economies, groups = parse_wb_class(record.file)
            add("wb_economies", economies, record)
            add("wb_groups", groups, record)
        elif record.dataset == "wb_income_history":
            add("wb_income_history", parse_wb_income_history(record.file), record)
        else:
            raise SourceError("reference", f"unknown dataset {record.dataset!r}", file=record.original_name)
    for name, frames in tables.items():
        if len(frames) > 1:
            raise SourceError("reference", f"{len(frames)} files landed for {name}; expected exactly one")
    return {name: frames[0] for name, frames in tables.items()}


def fetch_live(client: HttpClient) -> Iterator[Download]:
    for dataset, url, name in (
        ("schedule_c", settings.SCHEDULE_C_URL, "country.txt"),
        ("wb_class", settings.WB_CLASS_URL, "CLASS.xlsx"),
        ("wb_income_history", settings.WB_OGHIST_URL, "OGHIST.xlsx"),
    ):
        yield Download(dataset, name, url, client.download(url, dataset=dataset))


SOURCE = SourceSpec(
    name="reference",
    title="Country codes and classifications",
    publisher="UN Statistics Division, US Census Bureau, World Bank",
    homepage=settings.M49_PAGE,
    licence=settings.LICENCE,
    cadence=settings.CADENCE,
    snapshot_folder="reference",
    datasets=(
        DatasetSpec("m49", ("UNSD-M49*.csv", "*M49*.csv"), "UN M49 areas with ISO codes and regions", live=False),
        DatasetSpec("schedule_c", ("*schedule_c*.txt", "country.txt"), "Census Schedule C country codes"),
        DatasetSpec("wb_class", ("class-country*.xlsx", "CLASS*.xlsx"), "World Bank regions and income groups"),
        DatasetSpec("wb_income_history", ("OGHIST*.xlsx",), "World Bank income group by fiscal year"),
    ),
    raw_tables=(
        RawTable("m49_areas", "UN M49 countries and areas with ISO codes and the region hierarchy.", ("m49_code",)),
        RawTable("census_country_codes", "Census Schedule C codes with ISO alpha-2.", ("census_code",)),
        RawTable("wb_economies", "World Bank economies with region, income group and lending category.", ("iso3",)),
        RawTable("wb_groups", "World Bank group membership (regions, income groups).", ("group_code", "iso3")),
        RawTable("wb_income_history", "World Bank income group by economy and fiscal year.", ("iso3", "fiscal_year")),
    ),
    read_vintage=read_vintage,
    load=load,
    fetch_live=fetch_live,
    write_sample=write_sample,
)
