"""Write small DataWeb CSV exports (exports FAS value and general import charges) for the sample economies.

Same layout as the real files (``DataWeb-Query-Export__FAS_Value.csv`` and its Query_Parameters
companion, the same for general import charges): the ``<flow>|Annual Data`` title, the
``Data Row Count`` line, the header, one line per (HTS chapter, country) with values in dollars and
two decimals, the ``Total:`` line with thousands separators and no decimals, LF line endings, and a
last year column of ``0.00`` throughout (a year DataWeb had not published when the query ran).

Values come from the Census sample's synthetic model (``annual_trade_usd_millions``), spread over a
dozen HTS chapters by fixed synthetic weights and nudged by a seeded draw; import charges are a few
percent of imports, as freight and insurance are. One chapter of one partner is a real zero in a
published year, and a line for "West Bank" (a name that maps to no ISO3) is included. The chapter
titles are the HS nomenclature's. Nothing is read from a real file; the bytes depend only on the code.
"""

from __future__ import annotations

import csv
import io
import random
from functools import cache
from pathlib import Path

from sources._common.sample_scale import years_back
from sources.census_trade.sample import PARTNERS, annual_trade_usd_millions

SNAPSHOT_FOLDER = "usitc_dataweb"
YEARS = tuple(range(2020, 2025))  # published years at scale 1; the unpublished one follows
FIRST_DATAWEB_YEAR = 1989
DOWNLOAD_DATE = "January 2, 2025, 9:30 AM"
DATAWEB_NAMES = {"BHS": "Bahamas", "VEN": "Venezuela", "VNM": "Vietnam", "MMR": "Myanmar (Burma)"}
# (chapter, HS title, share of exports, share of imports): synthetic weights over the chapters written.
CHAPTERS = (
    ("02", "MEAT AND EDIBLE MEAT OFFAL", 0.02, 0.01),
    ("07", "EDIBLE VEGETABLES AND CERTAIN ROOTS AND TUBERS", 0.01, 0.02),
    ("08", "EDIBLE FRUIT AND NUTS; PEEL OF CITRUS FRUIT OR MELONS", 0.01, 0.03),
    ("09", "COFFEE, TEA, MATE AND SPICES", 0.002, 0.02),
    ("10", "CEREALS", 0.03, 0.002),
    ("22", "BEVERAGES, SPIRITS AND VINEGAR", 0.01, 0.01),
    (
        "27",
        "MINERAL FUELS, MINERAL OILS AND PRODUCTS OF THEIR DISTILLATION; BITUMINOUS SUBSTANCES; MINERAL WAXES",
        0.15,
        0.10,
    ),
    ("30", "PHARMACEUTICAL PRODUCTS", 0.05, 0.04),
    ("61", "ARTICLES OF APPAREL AND CLOTHING ACCESSORIES, KNITTED OR CROCHETED", 0.01, 0.05),
    ("84", "NUCLEAR REACTORS, BOILERS, MACHINERY AND MECHANICAL APPLIANCES; PARTS THEREOF", 0.20, 0.20),
    (
        "85",
        "ELECTRICAL MACHINERY AND EQUIPMENT AND PARTS THEREOF; SOUND RECORDERS AND REPRODUCERS, TELEVISION "
        "IMAGE AND SOUND RECORDERS AND REPRODUCERS, AND PARTS AND ACCESSORIES OF SUCH ARTICLES",
        0.18,
        0.22,
    ),
    ("87", "VEHICLES, OTHER THAN RAILWAY OR TRAMWAY ROLLING STOCK, AND PARTS AND ACCESSORIES THEREOF", 0.12, 0.15),
    ("98", "SPECIAL CLASSIFICATION PROVISIONS, NESOI", 0.04, 0.0),
)
# Freight and insurance as a share of customs value: synthetic, of the order DataWeb shows.
CHARGES_RATE = (0.02, 0.07)
REAL_ZERO = ("CUB", "87", 2022)  # a published year with nothing traded in one chapter
NOT_AN_ECONOMY = "West Bank"
REPORTS = {
    "Export": ("Total Exports", "FAS Value", "DataWeb-Query-Export__FAS_Value.csv"),
    "Import": ("General Imports", "General Import Charges", "DataWeb-Query-Import__General_Import_Charges.csv"),
}


def write_sample(dest: Path, *, scale: int = 1) -> list[Path]:
    """Write the four files under ``dest/usitc_dataweb/`` (earlier years too at a larger ``scale``)."""
    folder = Path(dest) / SNAPSHOT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    years = years_back(YEARS[0], YEARS[-1], scale, per_step=1, earliest=FIRST_DATAWEB_YEAR)
    written = []
    for flow, (trade_flow, data_type, file_name) in REPORTS.items():
        data = folder / file_name
        data.write_bytes(export_csv(flow, years).encode("utf-8"))
        parameters = folder / f"DataWeb-Query-{flow}__Query_Parameters.csv"
        parameters.write_bytes(query_parameters_csv(trade_flow, data_type, (*years, years[-1] + 1)).encode("utf-8"))
        written += [data, parameters]
    return written


def export_csv(flow: str, years: tuple[int, ...]) -> str:
    """One report: DataWeb's header lines, the (chapter, country) lines, the Total line."""
    trade_flow, data_type, _ = REPORTS[flow]
    all_years = (*years, years[-1] + 1)  # the last column: not yet published, all zero
    lines = []
    for chapter, title, export_share, import_share in CHAPTERS:
        share = export_share if flow == "Export" else import_share
        if share == 0:
            continue
        for name, iso3 in sorted(_partners()):
            values = [_value(flow, iso3, chapter, year, share) for year in years] + [0.0]
            if any(values):
                lines.append([data_type, chapter, title, name, *(f"{value:.2f}" for value in values)])
    totals = [sum(float(line[4 + i]) for line in lines) for i in range(len(all_years))]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    padding = [""] * (len(all_years) + 3)
    writer.writerow([f"{trade_flow}|Annual Data", *padding])
    writer.writerow(["Data Row Count", str(len(lines)), *padding[1:]])
    writer.writerow(["Data Type", "HTS Number", "Description", "Country", *map(str, all_years)])
    writer.writerows(lines)
    writer.writerow(["Total: ", "", "", "", *(f"{round(total):,}" for total in totals)])
    return out.getvalue()


def query_parameters_csv(trade_flow: str, data_type: str, years: tuple[int, ...]) -> str:
    """The companion file: the query in DataWeb's eight steps and the download date."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in (
        ("Download Date", DOWNLOAD_DATE),
        ("Step 1: Trade Flow and Classification System", ""),
        ("Trade Flow", trade_flow),
        ("Classification System", "HTS Items"),
        ("Step 2: Data and Years", ""),
        ("Data To Report", data_type),
        ("Data Format", "1"),
        ("Select Type", "Full Years"),
        ("Years", ", ".join(map(str, years))),
        ("Timeframe Aggregation", "Annual"),
        ("Step 3: Countries", ""),
        ("Select Type", "Use All Countries"),
        ("Country List", ""),
        ("Country Aggregation", "Break Out Countries"),
        ("Step 4: Commodities", ""),
        ("Select Type", "Use All Commodities"),
        ("Commodity List", ""),
        ("Commodity Aggregation Level", "2"),
        ("Commodity Aggregation", "Break Out Commodities"),
        ("Description Display", "YES"),
        ("Step 5: Programs", ""),
        ("Select Type", "Use All Programs"),
        ("Import Program Aggregation", "Aggregate CSC"),
        ("Step 6: Rate Provision Codes", ""),
        ("Select Type", "Use All Provision Codes"),
        ("Provision Code Aggregation", "Aggregate RPCODE"),
        ("Step 7: Districts", ""),
        ("Select Type", "Use All Districts"),
        ("District List", ""),
        ("District Aggregation", "Aggregate District"),
        ("Step 8: Report Layout", ""),
        ("Column Order", "HTS2 & DESCRIPTION, COUNTRY"),
        ("Column Sort Order", "HTS2 & DESCRIPTION"),
    ):
        writer.writerow(row)
    return out.getvalue()


def _partners() -> list[tuple[str, str]]:
    return [(DATAWEB_NAMES.get(p.iso3, p.name), p.iso3) for p in PARTNERS] + [(NOT_AN_ECONOMY, "")]


def _value(flow: str, iso3: str, chapter: str, year: int, share: float) -> float:
    if (iso3, chapter, year) == REAL_ZERO:
        return 0.0
    draw = random.Random(f"dataweb-{flow}-{iso3}-{chapter}-{year}")
    if not iso3:  # the West Bank line: small synthetic values
        return float(round(draw.uniform(1e5, 5e6)))
    imports_millions, exports_millions = _census_model(year)[iso3]
    if flow == "Export":
        dollars = exports_millions * 1e6 * share * draw.uniform(0.5, 1.5)
    else:
        dollars = imports_millions * 1e6 * share * draw.uniform(*CHARGES_RATE)
    return float(round(dollars))


@cache
def _census_model(year: int) -> dict[str, tuple[float, float]]:
    # The Census model draws every partner at once: once per year, not once per chapter and partner.
    return annual_trade_usd_millions(year)
