"""Synthetic International Migrant Stock workbooks in UN DESA's 2020 layouts, for the sample economies.

Three files, as the Population Division publishes them: the stock by destination and by origin
(sheets ``Table of contents``, ``Table 1``, ``Notes``) and the aggregates correspondence table
(sheets ``Annex``, ``Notes``). A fourth in the layout of the DERIVED revision-2019 origin x
destination CSV the warehouse reads (``Year,Dest,<origin names>``, one line per year and
destination, names in words, ``0`` for most pairs, ``..`` and ``-`` for missing cells, and one M49
subregion, ``Caribbean``, among the destinations as in the real file). Each workbook table keeps
the 10-row banner, the sex banners in row 8, the header in row 11, names indented to show the
hierarchy (one space for some groups, as in the real file), ``*`` on names with a note, ``..`` for
missing values, M49 location codes as numbers, DESA's 4-digit codes for SDG regions and income
groups, and ``OTHER`` (code 2003) at the end of the origin table.

The numbers are invented: migrant stocks are shares of population that grow over 1990-2020,
large in the United States and Canada and, by origin, for Mexico, Central America, the
Caribbean and Venezuela. Aggregates are sums over the sample economies they contain, so the
sample is consistent with itself. The origin x destination matrix spreads nine tenths of each
origin's emigrants over the sample destinations in proportion to the migrants they host.
Byte-deterministic: no clock or random state goes in.
"""

from __future__ import annotations

import csv
import io
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from sources._common.sample_countries import SAMPLE_ECONOMIES, SampleEconomy
from sources._common.sample_files import deterministic_xlsx
from sources._common.sample_scale import checked_scale

DESTINATION_FILE = "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
ORIGIN_FILE = "undesa_pd_2020_ims_stock_by_sex_and_origin.xlsx"
CORRESPONDENCE_FILE = "aggregates_correspondence_table_2020_1.xlsx"
ORIGIN_DESTINATION_FILE = "UN_MigrantStockByOriginAndDestination_2019_clean.csv"
# Revision 2019 of the matrix: every fifth year, then 2019. It is one revision, so a larger scale
# writes the same file.
ORIGIN_DESTINATION_YEARS = (1990, 1995, 2000, 2005, 2010, 2015, 2019)
# A pair hosting less than this share of an origin's emigrants is written as 0, as most pairs are.
ORIGIN_DESTINATION_MIN_SHARE = 0.01
# The four cells the real file marks '-' are one origin in one destination before a given year.
DASHED_PAIR = ("NIC", "CRI", 2000)  # (origin, destination, written '-' before this year)
YEARS = (1990, 1995, 2000, 2005, 2010, 2015, 2020)  # at scale 1
# UN DESA's series start in 1990 and come every five years, so the format barely grows: a larger sample
# is the 2024 revision, which adds 2024. Beyond that, a larger scale writes the same file.
YEARS_2024_REVISION = (*YEARS, 2024)
REVISION = "POP/DB/MIG/Stock/Rev.2020"
OTHER_ORIGIN = ("OTHER", 2003)

# DESA's names where they differ from the sample list; "*" marks a note.
DESA_NAMES = {
    "USA": "United States of America*",
    "BHS": "Bahamas",
    "BOL": "Bolivia (Plurinational State of)",
    "VEN": "Venezuela (Bolivarian Republic of)",
    "CHN": "China*",
    "MYS": "Malaysia*",
}
NOTE_NUMBERS = {"USA": 35, "CHN": 9, "MYS": 19}
# Synthetic migrant stock in 2020 as % of the population of destination, and of origin.
DESTINATION_PCT = {"USA": 15.0, "CAN": 21.0, "CRI": 10.0, "PAN": 7.0, "SGP": 43.0, "BHS": 15.0, "CHL": 8.0,
                   "ARG": 4.8, "DOM": 5.3, "BRB": 12.0, "BLZ": 15.0, "MYS": 10.5, "THA": 5.0}  # fmt: skip
ORIGIN_PCT = {"MEX": 8.6, "SLV": 25.0, "GTM": 7.5, "HND": 9.0, "NIC": 10.0, "HTI": 15.0, "JAM": 38.0,
              "CUB": 14.0, "DOM": 13.0, "VEN": 18.0, "GUY": 50.0, "SUR": 50.0, "COL": 6.0, "ECU": 6.0,
              "PHL": 5.4, "MMR": 6.0, "KHM": 7.0, "BOL": 8.0, "PRY": 12.0, "TTO": 22.0, "BRB": 35.0}  # fmt: skip
# Economies whose emigration rose fastest over 1990-2020 (Venezuela's exodus after 2015).
LATE_SURGE = {"VEN": 2015, "NIC": 2015, "HND": 2010}
MISSING_EARLY = {"KHM": 1995}  # '..' in the destination table for the years before this
TYPE_OF_DATA = ("B R", "B", "C R", "C", "B R ", "I")


@dataclass(frozen=True)
class Region:
    code: int
    name: str  # as written in the tables, indentation included
    type_code: int
    type_name: str
    parent: int
    members: tuple[str, ...]  # ISO3 of the sample economies inside


def write_sample(dest: Path, *, scale: int = 1) -> list[Path]:
    """Write the three workbooks under ``dest/undesa_migrant_stock`` and return their paths."""
    folder = Path(dest) / "undesa_migrant_stock"
    folder.mkdir(parents=True, exist_ok=True)
    years = YEARS if checked_scale(scale) == 1 else YEARS_2024_REVISION
    files = {
        folder / CORRESPONDENCE_FILE: _annex_workbook(),
        folder / DESTINATION_FILE: _stock_workbook("destination", years),
        folder / ORIGIN_FILE: _stock_workbook("origin", years),
        folder / ORIGIN_DESTINATION_FILE: _origin_destination_csv(),
    }
    for path, content in files.items():
        path.write_bytes(content)
    return list(files)


def desa_name(economy: SampleEconomy) -> str:
    return DESA_NAMES.get(economy.iso3, economy.name)


# --- the hierarchy ------------------------------------------------------------------------------

_BY_ISO3 = {economy.iso3: economy for economy in SAMPLE_ECONOMIES}
_LATIN_AMERICA = tuple(e.iso3 for e in SAMPLE_ECONOMIES if e.m49_subregion == "Latin America and the Caribbean")
_NORTHERN_AMERICA = ("CAN", "USA")
_ASIA = tuple(e.iso3 for e in SAMPLE_ECONOMIES if e.m49_region == "Asia")
_LDC = ("HTI", "KHM", "MMR")
_LLDC = ("BOL", "PRY")
_SIDS = ("BHS", "BLZ", "BRB", "CUB", "DOM", "GUY", "HTI", "JAM", "SGP", "SUR", "TTO")
_DEVELOPED = _NORTHERN_AMERICA
_LESS_DEVELOPED = tuple(iso3 for iso3 in _BY_ISO3 if iso3 not in _DEVELOPED)


def _income(*groups: str) -> tuple[str, ...]:
    return tuple(e.iso3 for e in SAMPLE_ECONOMIES if e.income_group in groups)


def _in_intermediate(name: str) -> tuple[str, ...]:
    return tuple(sorted((e.iso3 for e in SAMPLE_ECONOMIES if e.m49_intermediate == name), key=_sort_key))


def _in_subregion(name: str) -> tuple[str, ...]:
    return tuple(sorted((e.iso3 for e in SAMPLE_ECONOMIES if e.m49_subregion == name), key=_sort_key))


def _sort_key(iso3: str) -> str:
    return desa_name(_BY_ISO3[iso3])


# The aggregates at the top of each table, in DESA's order, then the geographic tree below them.
TOP_REGIONS = (
    Region(1830, "  Latin America and the Caribbean", 12, "SDG region", 1828, _LATIN_AMERICA),
    Region(1832, "  Eastern and South-Eastern Asia", 12, "SDG region", 1828, _ASIA),
    Region(1829, "  Europe and Northern America", 12, "SDG region", 1828, _NORTHERN_AMERICA),
    Region(901, "  Developed regions", 5, "Development group", 1803, _DEVELOPED),
    Region(902, "  Less developed regions", 5, "Development group", 1803, _LESS_DEVELOPED),
    Region(934, " Less developed regions, excluding least developed countries", 5, "Development group", 902,
           tuple(iso3 for iso3 in _LESS_DEVELOPED if iso3 not in _LDC)),
    Region(948, " Less developed regions, excluding China", 5, "Development group", 1803,
           tuple(iso3 for iso3 in _LESS_DEVELOPED if iso3 != "CHN")),
    Region(941, "  Least developed countries", 5, "Development group", 902, _LDC),
    Region(1636, "  Land-locked Developing Countries (LLDC)", 5, "Development group", 1803, _LLDC),
    Region(1637, "  Small island developing States (SIDS)", 5, "Development group", 1803, _SIDS),
    Region(1503, "  High-income countries", 13, "Income group", 1802, _income("High income")),
    Region(1517, "  Middle-income countries", 13, "Income group", 1802,
           _income("Upper middle income", "Lower middle income")),
    Region(1502, " Upper-middle-income countries", 13, "Income group", 1517, _income("Upper middle income")),
    Region(1501, " Lower-middle-income countries", 13, "Income group", 1517, _income("Lower middle income")),
    Region(1500, "  Low-income countries", 13, "Income group", 1802, _income("Low income")),
)  # fmt: skip
# (geographic region, [(subregion, M49 name of its members, whether members are read by subregion)])
GEOGRAPHY = (
    (Region(935, " ASIA", 2, "Geographic region", 1840, _ASIA),
     (Region(906, "  Eastern Asia", 3, "Subregion", 1832, _in_subregion("Eastern Asia")),
      Region(920, "  South-Eastern Asia", 3, "Subregion", 1832, _in_subregion("South-eastern Asia")))),
    (Region(904, " LATIN AMERICA AND THE CARIBBEAN", 2, "Geographic region", 1840, _LATIN_AMERICA),
     (Region(915, "  Caribbean", 3, "Subregion", 1830, _in_intermediate("Caribbean")),
      Region(916, "  Central America", 3, "Subregion", 1830, _in_intermediate("Central America")),
      Region(931, "  South America", 3, "Subregion", 1830, _in_intermediate("South America")))),
    # The real table writes this name with a trailing space, and its countries hang directly under it.
    (Region(905, " NORTHERN AMERICA ", 2, "Geographic region", 1840, _NORTHERN_AMERICA), ()),
)  # fmt: skip
SDG_REGION_OF = {iso3: region for region in TOP_REGIONS[:3] for iso3 in region.members}
GEOGRAPHIC_REGION_OF = {iso3: geo for geo, _ in GEOGRAPHY for iso3 in geo.members}


def _table_rows() -> list[tuple[str, int, str | None, tuple[str, ...]]]:
    """(name as written, location code, ISO3 or None, member ISO3s) in table order."""
    rows: list[tuple[str, int, str | None, tuple[str, ...]]] = [("WORLD", 900, None, tuple(_BY_ISO3))]
    rows += [(region.name, region.code, None, region.members) for region in TOP_REGIONS]
    for geographic, subregions in GEOGRAPHY:
        rows.append((geographic.name, geographic.code, None, geographic.members))
        if not subregions:
            rows += [("   " + desa_name(_BY_ISO3[iso3]), int(_BY_ISO3[iso3].m49), iso3, (iso3,))
                     for iso3 in sorted(geographic.members, key=_sort_key)]  # fmt: skip
        for subregion in subregions:
            rows.append((subregion.name, subregion.code, None, subregion.members))
            rows += [("   " + desa_name(_BY_ISO3[iso3]), int(_BY_ISO3[iso3].m49), iso3, (iso3,))
                     for iso3 in subregion.members]  # fmt: skip
    return rows


# --- Table 1 ------------------------------------------------------------------------------------


def migrants(economy: SampleEconomy, year: int, side: str) -> float | None:
    """Synthetic migrant stock (both sexes) living in (destination) or born in (origin) ``economy``."""
    if side == "destination" and year < MISSING_EARLY.get(economy.iso3, 0):
        return None
    shares = DESTINATION_PCT if side == "destination" else ORIGIN_PCT
    default = 0.4 + 1.6 * _unit(economy.iso3, side)
    pct_2020 = shares.get(economy.iso3, default)
    surge_from = LATE_SURGE.get(economy.iso3) if side == "origin" else None
    # Stocks grew steadily; a late surge piles most of the growth into the last years.
    if surge_from and year >= surge_from:
        trend = 0.55 + 0.45 * (year - surge_from + 5) / (2020 - surge_from + 5)
    elif surge_from:
        trend = 0.35 + 0.2 * (year - 1990) / max(surge_from - 1990, 1)
    else:
        trend = 0.55 + 0.45 * (year - 1990) / 30
    population = economy.population_m * 1e6 * (0.7 + 0.3 * (year - 1990) / 30)
    return float(round(population * pct_2020 / 100 * trend))


def _stock_workbook(side: str, years: tuple[int, ...]) -> bytes:
    span = f"{years[0]}-{years[-1]}"
    workbook = Workbook()
    contents = workbook.active
    contents.title = "Table of contents"
    contents.append([])
    contents.append(["", f"International Migrant Stock 2020: {side.capitalize()}"])
    contents.append([])
    contents.append(["", "Table number", "Title"])
    contents.append(["", "   Table 1", f"International migrant stock at mid-year by sex and by region, country or area "
                                        f"of {side}, {span}"])  # fmt: skip
    contents.append(["", "   Notes", "Notes"])

    sheet = workbook.create_sheet("Table 1")
    blank = [""] * 5
    sheet.append([])
    sheet.append([*blank[:4], f"International Migrant Stock 2020: {side.capitalize()}"])
    sheet.append([*blank[:4], f"Table 1: International migrant stock at mid-year by sex and by region, country or "
                              f"area of {side}, {span}"])  # fmt: skip
    sheet.append([*blank[:4], REVISION if years == YEARS else REVISION.replace("2020", "2024")])
    sheet.append([*blank[:4], "Sample file written by Hemisphere: synthetic values in UN DESA's layout."])
    sheet.append([*blank[:4], "Not UN data; the layout follows International Migrant Stock 2020."])
    sheet.append([])
    banner: list[Any] = [*blank]
    for label in ("both sexes combined", "males", "females"):
        banner += [f"International migrant stock at mid-year, {label}", *[""] * (len(years) - 1)]
    sheet.append(banner)
    sheet.append([])
    sheet.append([])
    index_label = "Index" if side == "origin" else ""
    sheet.append([index_label, "Region, development group, country or area", "Notes", "Location code",
                  "Type of data", *years, *years, *years])  # fmt: skip

    rows = _table_rows()
    if side == "origin":
        rows.append((OTHER_ORIGIN[0], OTHER_ORIGIN[1], None, ()))
    for index, (name, code, iso3, members) in enumerate(rows, start=1):
        both = [_sum(members, year, side) for year in years]
        if (name, code) == OTHER_ORIGIN:
            both = [round(30000.0 + 900.0 * position) for position in range(len(years))]
        female_share = 0.46 + 0.08 * _unit(code, side, "female")
        males = [None if value is None else float(round(value * (1 - female_share))) for value in both]
        females = [None if value is None else value - male for value, male in zip(both, males, strict=True)]
        type_of_data = ""
        if side == "destination" and iso3:
            type_of_data = TYPE_OF_DATA[int(_unit(iso3, "type") * len(TYPE_OF_DATA))]
        note = NOTE_NUMBERS.get(iso3 or "", "") if side == "destination" else ""
        cells = [*both, *males, *females]
        sheet.append([index, name, note, code, type_of_data, *(".." if v is None else v for v in cells)])

    notes = workbook.create_sheet("Notes")
    notes.append(["", "Notes"])
    notes.append(["*", "Names with an asterisk have a note (sample file: the notes are not reproduced)."])
    notes.append(["", "'..' indicates that data are not available."])
    return deterministic_xlsx(workbook)


def _sum(members: Iterable[str], year: int, side: str) -> float | None:
    values = [migrants(_BY_ISO3[iso3], year, side) for iso3 in members]
    known = [value for value in values if value is not None]
    if len(known) < len(values) and len(values) == 1:
        return None
    return float(sum(known))


# --- the derived origin x destination CSV (revision 2019) ---------------------------------------


def _origin_destination_csv() -> bytes:
    countries = [(name, iso3) for name, _, iso3, _ in _table_rows() if iso3 is not None]
    origins = sorted(countries, key=lambda country: _plain_name(country[1]))
    caribbean = _in_intermediate("Caribbean")
    hosts = {iso3: migrants(_BY_ISO3[iso3], 2020, "destination") or 0.0 for _, iso3 in countries}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Year", "Dest", *(_plain_name(iso3) for _, iso3 in origins)])
    for year in ORIGIN_DESTINATION_YEARS:
        for _, destination in countries:
            writer.writerow([year, _plain_name(destination),
                             *(_pair_cell(origin, destination, year, hosts) for _, origin in origins)])  # fmt: skip
            if destination == caribbean[-1]:
                # The real file kept a few M49 subregions among its destinations; so does the sample.
                totals = [
                    sum(_pair_value(origin, member, year, hosts) for member in caribbean) for _, origin in origins
                ]
                writer.writerow([year, "Caribbean", *(round(total) for total in totals)])
    return buffer.getvalue().encode("utf-8")


def _pair_cell(origin: str, destination: str, year: int, hosts: dict[str, float]) -> object:
    if destination == "KHM" and year < MISSING_EARLY["KHM"]:
        return ".."
    if (origin, destination) == DASHED_PAIR[:2] and year < DASHED_PAIR[2]:
        return "-"
    return round(_pair_value(origin, destination, year, hosts))


def _pair_value(origin: str, destination: str, year: int, hosts: dict[str, float]) -> float:
    """Synthetic migrants born in ``origin`` living in ``destination``: a share of the origin's emigrants."""
    if origin == destination:
        return 0.0
    others = sum(value for iso3, value in hosts.items() if iso3 != origin)
    share = hosts[destination] / others if others else 0.0
    if share < ORIGIN_DESTINATION_MIN_SHARE:
        return 0.0
    emigrants = migrants(_BY_ISO3[origin], year, "origin") or 0.0
    return float(round(0.9 * emigrants * share))


def _plain_name(iso3: str) -> str:
    """DESA's name without the note mark: the derived file dropped the notes."""
    return desa_name(_BY_ISO3[iso3]).rstrip("*")


# --- the correspondence table -------------------------------------------------------------------

_GROUP_COLUMNS = (
    ("More developed regions", 901, _DEVELOPED),
    ("Less developed regions", 902, _LESS_DEVELOPED),
    ("Least developed countries", 941, _LDC),
    ("Less developed regions, excluding least developed countries", 934,
     tuple(iso3 for iso3 in _LESS_DEVELOPED if iso3 not in _LDC)),
    ("Less developed regions, excluding China", 948, tuple(iso3 for iso3 in _LESS_DEVELOPED if iso3 != "CHN")),
    ("Land-Locked Developing Countries (LLDC)", 1636, _LLDC),
    ("Small Island Developing States (SIDS)", 1637, _SIDS),
    ("High-income Countries", 1503, _income("High income")),
    ("Middle-income Countries", 1517, _income("Upper middle income", "Lower middle income")),
    ("Upper-middle-income Countries", 1502, _income("Upper middle income")),
    ("Lower-middle-income Countries", 1501, _income("Lower middle income")),
    ("Low-income Countries", 1500, _income("Low income")),
    ("No income group available", 1518, ()),
)  # fmt: skip


def _annex_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Annex"
    sheet.append([])
    sheet.append(["", "", "", "", "", "International Migrant Stock 2020"])
    sheet.append(["", "", "", "", "", "Annex: Classification of countries and areas by development group, region "
                                      "and subregion"])  # fmt: skip
    sheet.append(["", "", "", "", "", "Sample file written by Hemisphere in UN DESA's layout."])
    for _ in range(5):
        sheet.append([])
    groups: list[Any] = ["", "", "", "", "", "Location Type", "", "Parent Location code", "WORLD", "Subregion", "",
                         "SDG subregion", "", "SDG region", "", "Geographic region", "", "UN development groups",
                         *[""] * 6, "World Bank income groups", *[""] * 5]  # fmt: skip
    sheet.append(groups)
    sheet.append(["", "Region, subregion, country or area*", "Notes", "Location code", "ISO3 Alpha-code", "Code",
                  "Name", "", "Code", "Code", "Name", "Code", "Name", "Code", "Name", "Code", "Name",
                  *(f"{label}\n{code}" for label, code, _ in _GROUP_COLUMNS)])  # fmt: skip
    types = {region.code: region for region in TOP_REGIONS}
    types.update({geo.code: geo for geo, _ in GEOGRAPHY})
    types.update({sub.code: sub for _, subs in GEOGRAPHY for sub in subs})
    parent_of = {iso3: sub.code for _, subs in GEOGRAPHY for sub in subs for iso3 in sub.members}
    for name, code, iso3, _ in _table_rows():
        if iso3 is None:
            region = types.get(code)
            if region is None:  # WORLD
                sheet.append(["", name, "", code, "", "", "", "", *[""] * 22])
            else:
                sheet.append(["", name, "", code, "   ", region.type_code, region.type_name, region.parent,
                              *[""] * 22])  # fmt: skip
            continue
        sheet.append(["", name, NOTE_NUMBERS.get(iso3, ""), code, iso3, 4, "Country/Area",
                      *_country_regions(iso3, parent_of), *_memberships(iso3)])  # fmt: skip
    notes = workbook.create_sheet("Notes")
    notes.append(["", "Notes"])
    notes.append(["*", "Sample file: the notes of the real table are not reproduced."])
    return deterministic_xlsx(workbook)


def _country_regions(iso3: str, parent_of: dict[str, int]) -> list[Any]:
    sdg = SDG_REGION_OF[iso3]
    geographic = GEOGRAPHIC_REGION_OF[iso3]
    if iso3 in _NORTHERN_AMERICA:
        # Northern America is an SDG subregion (918), not a subregion of a geographic region.
        return [918, 900, "", "", 918, "Northern America", sdg.code, sdg.name.strip(), geographic.code,
                geographic.name.strip().title()]  # fmt: skip
    subregion = parent_of[iso3]
    subregion_name = next(sub.name.strip() for _, subs in GEOGRAPHY for sub in subs if sub.code == subregion)
    geographic_name = "Latin America and the Caribbean" if geographic.code == 904 else geographic.name.strip().title()
    return [subregion, 900, subregion, subregion_name, "", "", sdg.code, sdg.name.strip(), geographic.code,
            geographic_name]  # fmt: skip


def _memberships(iso3: str) -> Sequence[Any]:
    return [code if iso3 in members else "" for _, code, members in _GROUP_COLUMNS]


def _unit(*parts: object) -> float:
    """A stable pseudo-random number in [0, 1) from the given parts (no global random state)."""
    return zlib.crc32("|".join(map(str, parts)).encode()) / 2**32
