"""Write small WITS trade summary exports (``tr_xm_2017..2022.xlsx``) for the sample economies.

Same layout as the real export: an empty ``Sheet1``, then ``Partner`` with the 38-column header in
row 1 and one row per partner, the United States as reporter, US$ thousands and percentages.
Partners carry WITS-style names (``Bahamas, The``, ``Vietnam``, `` World`` with its leading
space), and the rows include the quirks of the real files: "Other Asia, nes" without product or
tariff figures, Cuba without AHS tariffs from 2020, and the World and regional aggregates.

Trade values come from the Census sample's synthetic model (``annual_trade_usd_millions``), in
thousands and nudged by a seeded 2% so the two sources differ as UN Comtrade and Census do. The
tariff figures are synthetic: FTA partners near zero, China raised from 2018, the rest a few
percent. Nothing is read from a real file, and the bytes depend only on the code.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook

from sources._common.sample_countries import SampleEconomy
from sources._common.sample_files import deterministic_xlsx
from sources._common.sample_scale import years_back
from sources.census_trade.sample import PARTNERS, annual_trade_usd_millions

SNAPSHOT_FOLDER = "wits_us_trade_summary"
SHEET = "Partner"
YEARS = tuple(range(2017, 2023))  # at scale 1; a larger sample exports a year more per scale step
FIRST_WITS_YEAR = 1991  # the first year of US data in WITS
REPORTER = "United States"
TRADE_FLOW = "Exports & Imports"
HEADER = (
    "Reporter Name", "Partner Name", "Year", "Trade Flow", "No Of exported HS6 digit Products",
    "No Of imported HS6 digit Products", "Export Share in Total Products (%)",
    "Import Share in Total Products (%)", "Trade Balance (US$ Thousand)", "Export (US$ Thousand)",
    "Import (US$ Thousand)", "Import Partner Share (%)", "Export Partner Share (%)", "AHS Simple Average (%)",
    "AHS Weighted Average (%)", "AHS Total Tariff Lines", "AHS Dutiable Tariff Lines Share (%)",
    "AHS Duty Free Tariff Lines Share (%)", "AHS Specific Tariff Lines Share (%)", "AHS AVE Tariff Lines Share (%)",
    "AHS MaxRate (%)", "AHS MinRate (%)", "AHS SpecificDuty Imports(US$ Thousand)",
    "AHS Dutiable Imports (US$ Thousand)", "AHS Duty Free Imports (US$ Thousand)", "MFN Simple Average (%)",
    "MFN Weighted Average (%)", "MFN Total Tariff Lines", "MFN Dutiable Tariff Lines Share (%)",
    "MFN Duty Free Tariff Lines Share (%)", "MFN Specific Tariff Lines Share (%)", "MFN AVE Tariff Lines Share (%)",
    "MFN MaxRate (%)", "MFN MinRate (%)", "MFN SpecificDuty Imports (US$ Thousand)",
    "MFN Dutiable Imports (US$ Thousand)", "MFN Duty Free Imports (US$ Thousand)", "No Of Tariff Agreement",
)  # fmt: skip
HS6_PRODUCTS = 4525  # HS 2017 subheadings, the base of the product-share columns

WITS_NAMES = {"BHS": "Bahamas, The", "VEN": "Venezuela", "VNM": "Vietnam"}
FTA_PARTNERS = frozenset({"CAN", "MEX", "CRI", "DOM", "SLV", "GTM", "HND", "NIC", "PAN", "COL", "PER", "CHL", "SGP"})
# Synthetic: the 2018-2019 Section 301 duties lift China's applied tariff from about 3% to about 13%.
CHINA_AHS_BY_YEAR = {2017: 3.1, 2018: 7.9, 2019: 12.6, 2020: 13.4, 2021: 13.2, 2022: 12.9}
CUBA_WITHOUT_AHS_FROM = 2020
# Imports and exports of "Other Asia, nes" in 2022, US$ thousands: synthetic, of the right order.
OTHER_ASIA_2022 = (85_000_000.0, 40_000_000.0)

Row = list[object]


def write_sample(dest: Path, *, scale: int = 1) -> list[Path]:
    """Write ``dest/wits_us_trade_summary/tr_xm_<year>.xlsx`` for 2017-2022 (earlier too at a larger
    ``scale``) and return the paths."""
    folder = Path(dest) / SNAPSHOT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for year in years_back(YEARS[0], YEARS[-1], scale, per_step=1, earliest=FIRST_WITS_YEAR):
        path = folder / f"tr_xm_{year}.xlsx"
        path.write_bytes(deterministic_xlsx(_workbook(partner_rows(year))))
        written.append(path)
    return written


def wits_name(economy: SampleEconomy) -> str:
    return WITS_NAMES.get(economy.iso3, economy.name)


def partner_rows(year: int) -> list[Row]:
    """The ``Partner`` rows of one year: the sample partners, "Other Asia, nes", then the aggregates."""
    census = annual_trade_usd_millions(year)
    flows = {iso3: _in_thousands(iso3, year, imports, exports) for iso3, (imports, exports) in census.items()}
    other_asia = tuple(round(v * 1.04 ** (year - 2022), 2) for v in OTHER_ASIA_2022)
    world_imports = sum(imports for imports, _ in flows.values()) + other_asia[0]
    world_exports = sum(exports for _, exports in flows.values()) + other_asia[1]
    totals = (world_imports, world_exports)

    rows = [_economy_row(economy, year, *flows[economy.iso3], totals) for economy in sorted(PARTNERS, key=_iso3)]
    rows.append(_other_asia_row(year, *other_asia, totals))
    latin_america = [e.iso3 for e in PARTNERS if e.wb_region == "Latin America & Caribbean"]
    east_asia = [e.iso3 for e in PARTNERS if e.wb_region == "East Asia & Pacific"]
    for name, members in (
        ("East Asia & Pacific", east_asia),
        ("Latin America & Caribbean", latin_america),
        ("North America", ["CAN"]),
    ):
        rows.append(_aggregate_row(name, year, members, flows, totals))
    # WITS writes the world total with a leading space.
    rows.append(_aggregate_row(" World", year, list(flows), flows, totals, extra=other_asia))
    return rows


def _iso3(economy: SampleEconomy) -> str:
    return economy.iso3


def _in_thousands(iso3: str, year: int, imports_millions: float, exports_millions: float) -> tuple[float, float]:
    nudge = random.Random(f"wits-{iso3}-{year}")
    return (
        round(imports_millions * 1000 * nudge.uniform(0.98, 1.02), 2),
        round(exports_millions * 1000 * nudge.uniform(0.98, 1.02), 2),
    )


def _economy_row(economy: SampleEconomy, year: int, imports: float, exports: float, totals: tuple[float, float]) -> Row:
    draw = random.Random(f"wits-tariffs-{economy.iso3}-{year}")
    exported_products = min(HS6_PRODUCTS - 100, int(300 + 900 * (exports / 1e6) ** 0.35))
    imported_products = min(HS6_PRODUCTS - 200, int(60 + 700 * (imports / 1e6) ** 0.35))
    mfn_simple = round(draw.uniform(2.4, 4.6), 2)
    mfn_weighted = round(draw.uniform(1.2, 3.8), 2)
    if economy.iso3 in FTA_PARTNERS:
        ahs_simple, ahs_weighted = round(draw.uniform(0.0, 0.3), 2), round(draw.uniform(0.0, 0.2), 2)
    elif economy.iso3 == "CHN":
        # Before the Section 301 duties China faced about the MFN average.
        ahs_simple = CHINA_AHS_BY_YEAR.get(year, CHINA_AHS_BY_YEAR[2017])
        ahs_weighted = round(ahs_simple + draw.uniform(0.5, 2.0), 2)
    else:
        ahs_simple, ahs_weighted = round(mfn_simple * draw.uniform(0.4, 0.9), 2), round(mfn_weighted * 0.8, 2)
    tariffs: list[object] = _tariff_block(draw, imports, ahs_simple, ahs_weighted, imported_products)
    tariffs += _tariff_block(draw, imports, mfn_simple, mfn_weighted, imported_products)
    if economy.iso3 == "CUB" and year >= CUBA_WITHOUT_AHS_FROM:
        # The real files have no AHS averages or extreme rates for Cuba from 2020.
        for position in (0, 1, 7, 8):
            tariffs[position] = ""
    agreements = 2.0 if economy.iso3 in FTA_PARTNERS else 1.0
    return [
        REPORTER, wits_name(economy), float(year), TRADE_FLOW, float(exported_products), float(imported_products),
        round(100 * exported_products / HS6_PRODUCTS, 2), round(100 * imported_products / HS6_PRODUCTS, 2),
        *_trade_block(imports, exports, totals), *tariffs, agreements,
    ]  # fmt: skip


def _other_asia_row(year: int, imports: float, exports: float, totals: tuple[float, float]) -> Row:
    # WITS has trade values for "Other Asia, nes" but no product counts or tariffs.
    return [
        REPORTER, "Other Asia, nes", float(year), TRADE_FLOW, "", "", "", "",
        *_trade_block(imports, exports, totals), *([""] * 24), "",
    ]  # fmt: skip


def _aggregate_row(
    name: str,
    year: int,
    members: Sequence[str],
    flows: dict[str, tuple[float, float]],
    totals: tuple[float, float],
    extra: tuple[float, float] = (0.0, 0.0),
) -> Row:
    imports = round(sum(flows[iso3][0] for iso3 in members) + extra[0], 2)
    exports = round(sum(flows[iso3][1] for iso3 in members) + extra[1], 2)
    draw = random.Random(f"wits-aggregate-{name.strip()}-{year}")
    products = float(min(HS6_PRODUCTS, 3000 + 60 * len(members)))
    tariffs = _tariff_block(draw, imports, 2.9, 1.6, int(products))
    tariffs += _tariff_block(draw, imports, 3.6, 2.6, int(products))
    return [
        REPORTER, name, float(year), TRADE_FLOW, products, products,
        round(100 * products / HS6_PRODUCTS, 2), round(100 * products / HS6_PRODUCTS, 2),
        *_trade_block(imports, exports, totals), *tariffs, "",
    ]  # fmt: skip


def _trade_block(imports: float, exports: float, totals: tuple[float, float]) -> list[object]:
    world_imports, world_exports = totals
    return [
        round(exports - imports, 2),
        exports,
        imports,
        round(100 * imports / world_imports, 2),
        round(100 * exports / world_exports, 2),
    ]


def _tariff_block(draw: random.Random, imports: float, simple: float, weighted: float, products: int) -> list[object]:
    """Simple and weighted average, line counts and shares, extreme rates, imports by duty status."""
    lines = float(max(20, int(products * draw.uniform(1.1, 1.6))))
    duty_free_share = round(draw.uniform(30, 95), 2)
    specific_share = round(draw.uniform(0, 2), 2)
    ave_share = round(draw.uniform(0, 8), 2)
    dutiable_share = round(100 - duty_free_share - specific_share, 2)
    dutiable_imports = round(imports * draw.uniform(0.05, 0.5), 2)
    return [
        simple, weighted, lines, dutiable_share, duty_free_share, specific_share, ave_share,
        round(draw.uniform(20, 350), 2), 0.0, round(dutiable_imports * draw.uniform(0, 0.02), 2),
        dutiable_imports, round(imports - dutiable_imports, 2),
    ]  # fmt: skip


def _workbook(rows: Iterable[Row]) -> Workbook:
    workbook = Workbook()
    workbook.active.title = "Sheet1"  # the real export starts with an empty sheet
    partner = workbook.create_sheet(SHEET)
    partner.append(list(HEADER))
    for row in rows:
        partner.append(row)
    return workbook
