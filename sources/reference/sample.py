"""Write small reference files, in each publisher's own format, for the sample economies.

The layouts mirror the real files (header lines, BOM, fixed widths, sheet names, the OGHIST label
row with a formula cell) so that the sample exercises the same parsing paths as a real run. The
codes are the standard public ones from ``SAMPLE_ECONOMIES``; the older income history and the
thresholds are synthetic. Output is byte-deterministic: no clock or random state goes in.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from sources._common.sample_countries import SAMPLE_AGGREGATES, SAMPLE_ECONOMIES, SampleEconomy
from sources._common.sample_files import deterministic_xlsx
from sources._common.sample_scale import world_bank_economies

# Standard M49 codes for the regions the sample economies sit in.
M49_AREA_CODES = {
    "World": "001",
    "Americas": "019",
    "Asia": "142",
    "Latin America and the Caribbean": "419",
    "Northern America": "021",
    "Eastern Asia": "030",
    "South-eastern Asia": "035",
    "Caribbean": "029",
    "Central America": "013",
    "South America": "005",
}
M49_HEADER = (
    "Global Code", "Global Name", "Region Code", "Region Name", "Sub-region Code", "Sub-region Name",
    "Intermediate Region Code", "Intermediate Region Name", "Country or Area", "M49 Code",
    "ISO-alpha2 Code", "ISO-alpha3 Code", "Least Developed Countries (LDC)",
    "Land Locked Developing Countries (LLDC)", "Small Island Developing States (SIDS)",
)  # fmt: skip
M49_LDC = frozenset({"HTI", "MMR", "KHM"})
M49_LLDC = frozenset({"BOL", "PRY"})
M49_SIDS = frozenset({"BHS", "BLZ", "BRB", "CUB", "DOM", "GUY", "HTI", "JAM", "SGP", "SUR", "TTO"})

# Each publisher names some economies its own way; the sample keeps a few of those differences
# so that nothing downstream is tempted to join on names.
M49_NAMES = {
    "USA": "United States of America",
    "BHS": "Bahamas",
    "VEN": "Venezuela (Bolivarian Republic of)",
    "BOL": "Bolivia (Plurinational State of)",
}
CENSUS_NAMES = {
    "USA": "United States of America",
    "MMR": "Burma (Myanmar)",
    "VNM": "Vietnam",
    "BHS": "Bahamas",
}

SCHEDULE_C_RULE = "-" * 70
SCHEDULE_C_NAME_WIDTH = 52

INCOME_GROUP_CODES = {
    "Low income": ("LIC", "L"),
    "Lower middle income": ("LMC", "LM"),
    "Upper middle income": ("UMC", "UM"),
    "High income": ("HIC", "H"),
}
OGHIST_CLASS_BELOW = {"H": "UM", "UM": "LM", "LM": "L", "L": "L"}
WB_REGION_CODES = {"Latin America & Caribbean": "LCN", "North America": "NAC", "East Asia & Pacific": "EAS"}
WB_LENDING = {
    "IDA": frozenset({"HTI", "HND", "NIC", "MMR", "KHM", "GUY"}),
    "Blend": frozenset(),
    "": frozenset({"USA", "CAN", "CUB", "SGP", "BHS", "BRB"}),
}
WB_HIPC = frozenset({"BOL", "GUY", "HTI", "HND", "NIC"})
FIRST_FISCAL_YEAR = 1989
LAST_FISCAL_YEAR = 2026
# Fiscal year from which each sample economy has held its current income class; earlier years
# are one class lower. Synthetic, but shaped like the real history (graduations, not swings).
CURRENT_CLASS_SINCE = {
    "USA": 1989, "CAN": 1989, "SGP": 1989, "BHS": 1989, "BRB": 2007, "TTO": 2007, "CHL": 2013,
    "URY": 2013, "PAN": 2018, "GUY": 2024, "MEX": 1991, "BRA": 1989, "ARG": 1991, "CHN": 2011,
    "THA": 2012, "MYS": 1996, "IDN": 2021, "COL": 2009, "PER": 2010, "ECU": 2011, "PRY": 2015,
    "CRI": 1999, "DOM": 2009, "JAM": 2010, "BLZ": 2000, "SLV": 2020, "GTM": 2020, "CUB": 2000,
    "SUR": 2006, "VEN": 1989, "VNM": 2011, "PHL": 1997, "BOL": 2011, "HND": 1999, "NIC": 2006,
    "HTI": 2020, "MMR": 2016, "KHM": 2016,
}  # fmt: skip
NOT_YET_CLASSIFIED_UNTIL = {"KHM": 1992, "MMR": 1990}



def write_sample(dest: Path, *, scale: int = 1) -> list[Path]:
    """Write the four reference files under ``dest/reference`` and return their paths.

    A larger ``scale`` adds the World Bank-only sample economies that WDI and WGI carry at that
    scale to the two World Bank files; M49 and Census do not know them, as they do not know the
    Channel Islands.
    """
    folder = Path(dest) / "reference"
    economies = sorted(SAMPLE_ECONOMIES, key=lambda economy: economy.iso3)
    world_bank = sorted(world_bank_economies(scale), key=lambda economy: economy.iso3)
    files = {
        folder / "UNSD-M49-en.csv": _m49_csv(economies),
        folder / "census_schedule_c_country.txt": _schedule_c_text(SAMPLE_ECONOMIES),
        folder / "wb_classification" / "class-country.xlsx": _class_workbook(world_bank),
        folder / "wb_classification" / "OGHIST_sample.xlsx": _oghist_workbook(world_bank),
    }
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return list(files)


def _m49_csv(economies: Iterable[SampleEconomy]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(M49_HEADER)
    for economy in economies:
        # In M49, Caribbean, Central and South America are intermediate regions of the sub-region
        # "Latin America and the Caribbean"; Northern America is a sub-region with none.
        intermediate = economy.m49_intermediate
        writer.writerow(
            [
                M49_AREA_CODES["World"], "World",
                M49_AREA_CODES[economy.m49_region], economy.m49_region,
                M49_AREA_CODES[economy.m49_subregion], economy.m49_subregion,
                M49_AREA_CODES[intermediate] if intermediate else "", intermediate,
                M49_NAMES.get(economy.iso3, economy.name), economy.m49, economy.iso2, economy.iso3,
                "x" if economy.iso3 in M49_LDC else "",
                "x" if economy.iso3 in M49_LLDC else "",
                "x" if economy.iso3 in M49_SIDS else "",
            ]
        )  # fmt: skip
    # UNSD's export starts with a UTF-8 byte order mark.
    return buffer.getvalue().encode("utf-8-sig")


def _schedule_c_text(economies: Iterable[SampleEconomy]) -> bytes:
    lines = [
        SCHEDULE_C_RULE,
        "Schedule C - Country List (by code) [Produced: 01JAN25]",
        SCHEDULE_C_RULE,
        f"{'Code':<9}|    {'Name':<{SCHEDULE_C_NAME_WIDTH}}| ISO Code",
        SCHEDULE_C_RULE,
    ]
    for economy in sorted(economies, key=lambda economy: economy.census_code):
        name = CENSUS_NAMES.get(economy.iso3, economy.name)
        lines.append(f"{economy.census_code:<9}|    {name:<{SCHEDULE_C_NAME_WIDTH}}| {economy.iso2}")
    lines += [
        SCHEDULE_C_RULE,
        "Source: Foreign Trade Division, U.S. Census Bureau (sample file written by Hemisphere)",
        "This listing produced...01JAN25",
        SCHEDULE_C_RULE,
    ]
    return ("\n".join(lines) + "\n").encode("ascii")


def _class_workbook(economies: Sequence[SampleEconomy]) -> bytes:
    workbook = Workbook()
    listing = workbook.active
    listing.title = "List of economies"
    listing.append(["Economy", "Code", "Region", "Income group", "Lending category", "Other (EMU or HIPC)"])
    for economy in economies:
        listing.append(
            [
                economy.name,
                economy.iso3,
                economy.wb_region,
                economy.income_group,
                _lending_category(economy.iso3),
                "HIPC" if economy.iso3 in WB_HIPC else "",
            ]
        )

    groups = workbook.create_sheet("Groups")
    groups.append(["GroupCode", "GroupName", "CountryCode", "CountryName"])
    for group_code, group_name, economy in sorted(
        _group_memberships(economies), key=lambda m: (m[0], m[2].iso3)
    ):
        groups.append([group_code, group_name, economy.iso3, economy.name])

    notes = workbook.create_sheet("Notes")
    notes.append(["Notes"])
    notes.append(["Sample file written by Hemisphere: standard codes and groups for the sample economies."])
    return deterministic_xlsx(workbook)


def _lending_category(iso3: str) -> str:
    for category, members in WB_LENDING.items():
        if iso3 in members:
            return category
    return "IBRD"


def _group_memberships(economies: Iterable[SampleEconomy]) -> list[tuple[str, str, SampleEconomy]]:
    aggregate_names = dict(SAMPLE_AGGREGATES)
    memberships = []
    for economy in economies:
        income_code, _ = INCOME_GROUP_CODES[economy.income_group]
        region_code = WB_REGION_CODES[economy.wb_region]
        memberships += [
            ("WLD", aggregate_names["WLD"], economy),
            (region_code, economy.wb_region, economy),
            (income_code, economy.income_group, economy),
        ]
    return memberships


def _oghist_workbook(economies: Sequence[SampleEconomy]) -> bytes:
    fiscal_years = range(FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR + 1)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Country Analytical History"
    sheet.append(["", "World Bank Analytical Classifications"])
    sheet.append(["", "(presented in World Development Indicators)"])
    sheet.append(["", "GNI per capita in US$ (Atlas methodology); sample file, thresholds are synthetic"])
    sheet.append([])
    labels: list[Any] = ["", "Bank's fiscal year:", *(f"FY{year % 100:02d}" for year in fiscal_years)]
    # The real file has label cells that are formulas into another workbook; this one has no
    # cached value, so a reader sees an empty cell and must infer FY18 from its neighbours.
    labels[2 + 2018 - FIRST_FISCAL_YEAR] = '="FY"&TEXT(18,"00")'
    sheet.append(labels)
    sheet.append(["", "Data for calendar year :", *(year - 2 for year in fiscal_years)])
    low_ceilings = [600 + 15 * (year - FIRST_FISCAL_YEAR) for year in fiscal_years]
    sheet.append(["", "Low income (L)", *(f"<= {ceiling:,}" for ceiling in low_ceilings)])
    sheet.append(["", "Lower middle income (LM)", *(f"{c + 1:,}-{c * 4:,}" for c in low_ceilings)])
    sheet.append(["", "Upper middle income (UM)", *(f"{c * 4 + 1:,}-{c * 12:,}" for c in low_ceilings)])
    sheet.append(["", "High income (H)", *(f"> {c * 12:,}" for c in low_ceilings)])
    sheet.append([])
    for economy in economies:
        sheet.append([economy.iso3, economy.name, *_income_history(economy, fiscal_years)])
    sheet.append([])
    sheet.append(["", "Note: classifications are fixed for each fiscal year, which starts on 1 July."])
    sheet.append([])
    # A former economy, as the real file lists them: classified early on, empty afterwards.
    sheet.append(
        ["ANT", "Netherlands Antilles (former)", *("H" if year < 2012 else "" for year in fiscal_years)]
    )
    return deterministic_xlsx(workbook)


def _income_history(economy: SampleEconomy, fiscal_years: Iterable[int]) -> list[str]:
    _, current = INCOME_GROUP_CODES[economy.income_group]
    since = CURRENT_CLASS_SINCE.get(economy.iso3, FIRST_FISCAL_YEAR)
    unclassified_until = NOT_YET_CLASSIFIED_UNTIL.get(economy.iso3, FIRST_FISCAL_YEAR - 1)
    history = []
    for year in fiscal_years:
        if year <= unclassified_until:
            history.append("..")
        else:
            history.append(current if year >= since else OGHIST_CLASS_BELOW[current])
    return history


