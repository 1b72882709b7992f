"""Write a small ``country.xlsx`` in the Census layout, with synthetic values for the sample economies.

The layout is the real one: sheet ``country``, header ``year, CTY_CODE, CTYNAME, IJAN..IDEC, IYR,
EJAN..EDEC, EYR``, ``year`` and ``CTY_CODE`` written as text (``0017`` keeps its zeros), a partial
latest year whose unpublished months are ``0``, and the Census aggregate rows computed from the
sample partners the way Census computes them from all partners:

- ``0015`` World (NSA) is the sum of every partner; ``0004`` is the same seasonally adjusted;
- ``0010`` North America is Canada + Mexico; ``0017`` CAFTA-DR is CRI + DOM + SLV + GTM + HND + NIC;
- ``0009`` South and Central America is every ``2xxx``/``3xxx`` partner except Mexico;
- ``0016`` Asia is every ``5xxx`` partner;
- ``0005``/``0006`` (NAFTA, to June 2020) and ``0021``/``0022`` (USMCA, from July 2020) are, as in
  the real file, the part of imports for consumption that entered under the agreement, so they
  are a share of Mexico's and Canada's trade, not the whole of it.

The magnitudes are synthetic but of the right order (Mexico and Canada hundreds of US$ billions a
year, China about 430 billion of imports, CAFTA-DR tens of billions); nothing is read from a real
file. The bytes depend only on the code: no clock, and a seeded random stream per series.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook

from sources._common.sample_countries import SAMPLE_ECONOMIES, SampleEconomy
from sources._common.sample_files import deterministic_xlsx
from sources._common.sample_scale import years_back

SNAPSHOT_FOLDER = "census_trade"
FILE_NAME = "country.xlsx"
SHEET = "country"
MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
HEADER = (
    "year", "CTY_CODE", "CTYNAME",
    *(f"I{month}" for month in MONTH_NAMES), "IYR",
    *(f"E{month}" for month in MONTH_NAMES), "EYR",
)  # fmt: skip

FIRST_YEAR = 2015
PARTIAL_YEAR = 2024
PUBLISHED_MONTHS_OF_PARTIAL_YEAR = 6  # like a file downloaded in August: January to June
BASE_YEAR = 2023
SAMPLE_YEARS = tuple(range(FIRST_YEAR, PARTIAL_YEAR + 1))  # at scale 1
# A larger sample reaches back towards 1985, where the real file starts.
FIRST_CENSUS_YEAR = 1985
YEARS_BACK_PER_SCALE_STEP = 3

# The partners: every sample economy except the reporter itself.
PARTNERS: tuple[SampleEconomy, ...] = tuple(e for e in SAMPLE_ECONOMIES if e.iso3 != "USA")
CENSUS_NAMES = {"BHS": "Bahamas", "VEN": "Venezuela", "MMR": "Burma", "VNM": "Vietnam"}

# US imports from and exports to the partner in BASE_YEAR, US$ billions, for the partners where a
# share of the partner's GDP would be far off. Synthetic round numbers of the right order.
BASE_TRADE_BILLIONS: dict[str, tuple[float, float]] = {
    "MEX": (475.0, 322.0), "CAN": (420.0, 354.0), "CHN": (430.0, 148.0), "VNM": (114.0, 10.0),
    "THA": (60.0, 18.0), "MYS": (50.0, 15.0), "SGP": (42.0, 46.0), "IDN": (28.0, 10.0),
    "PHL": (14.0, 10.0), "KHM": (10.0, 0.5), "MMR": (0.9, 0.2), "BRA": (42.0, 45.0),
    "CHL": (16.0, 18.0), "COL": (16.0, 19.0), "PER": (9.0, 12.0), "ARG": (7.0, 10.0),
    "CUB": (0.02, 0.3), "VEN": (5.0, 2.5),  # under embargo and sanctions: far below their GDP share
}  # fmt: skip
# Otherwise: imports and exports as shares of the partner's GDP, by where it sits.
GDP_SHARES: dict[str, tuple[float, float]] = {
    "Central America": (0.06, 0.11),
    "Caribbean": (0.03, 0.08),
    "South America": (0.03, 0.035),
    "South-eastern Asia": (0.08, 0.03),
}
GROWTH_PER_YEAR = 1.03
YEAR_SHOCKS = {2020: 0.88, 2021: 1.02}
# One seasonal profile for every series: trade dips in the winter and peaks in the autumn.
SEASONAL_WEIGHTS = tuple(1 + 0.05 * math.cos(2 * math.pi * (month - 10) / 12) for month in range(1, 13))

CAFTA_DR = ("CRI", "DOM", "SLV", "GTM", "HND", "NIC")
USMCA_START = (2020, 7)  # NAFTA's rows stop in June 2020 and USMCA's start in July
# Share of imports (and exports, for Canada) recorded under the agreement: synthetic.
AGREEMENT_SHARES = {"MEX": (0.50, 0.0), "CAN": (0.35, 0.29)}

Series = list[float]  # twelve months of one flow, US$ millions


def write_sample(dest: Path, *, scale: int = 1) -> list[Path]:
    """Write ``dest/census_trade/country.xlsx`` and return its path; ``scale`` adds earlier years."""
    path = Path(dest) / SNAPSHOT_FOLDER / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(deterministic_xlsx(_workbook(sample_rows(scale))))
    return [path]


def annual_trade_usd_millions(year: int) -> dict[str, tuple[float, float]]:
    """Full-year (imports, exports) per partner ISO3 in the synthetic model, US$ millions.

    The WITS sample reuses it, so the two samples tell the same story in their own units.
    """
    return {
        partner.iso3: (_annual(partner, year, "imports"), _annual(partner, year, "exports")) for partner in PARTNERS
    }


def sample_rows(scale: int = 1) -> list[list[object]]:
    """The data rows of the sample sheet (header excluded), sorted by code and year."""
    years = years_back(FIRST_YEAR, PARTIAL_YEAR, scale, per_step=YEARS_BACK_PER_SCALE_STEP, earliest=FIRST_CENSUS_YEAR)
    partner_months = {
        (partner.iso3, year): (_months(partner, year, "imports"), _months(partner, year, "exports"))
        for partner in PARTNERS
        for year in years
    }
    rows: list[list[object]] = []
    for year in years:
        by_iso3 = {partner.iso3: partner_months[(partner.iso3, year)] for partner in PARTNERS}
        for partner in PARTNERS:
            name = CENSUS_NAMES.get(partner.iso3, partner.name)
            rows.append(_row(year, partner.census_code, name, *by_iso3[partner.iso3]))
        rows += _aggregate_rows(year, by_iso3)
    return sorted(rows, key=lambda row: (row[1], row[0]))


# --- the synthetic model ------------------------------------------------------------------------


def _annual(partner: SampleEconomy, year: int, flow: str) -> float:
    base = BASE_TRADE_BILLIONS.get(partner.iso3)
    if base is None:
        gdp_billions = partner.population_m * partner.gdp_per_capita / 1000
        import_share, export_share = GDP_SHARES[_area(partner)]
        base = (gdp_billions * import_share, gdp_billions * export_share)
    level = base[0] if flow == "imports" else base[1]
    # A seeded stream per series: str seeds hash with SHA-512, so the draw is the same on every run.
    wobble = random.Random(f"census-{partner.iso3}-{year}-{flow}").uniform(0.95, 1.05)
    growth = GROWTH_PER_YEAR ** (year - BASE_YEAR) * YEAR_SHOCKS.get(year, 1.0)
    return round(level * 1000 * growth * wobble, 6)


def _area(partner: SampleEconomy) -> str:
    if partner.m49_subregion == "South-eastern Asia":
        return partner.m49_subregion
    return partner.m49_intermediate


def _months(partner: SampleEconomy, year: int, flow: str) -> Series:
    annual = _annual(partner, year, flow)
    total_weight = sum(SEASONAL_WEIGHTS)
    months = [round(annual * weight / total_weight, 6) for weight in SEASONAL_WEIGHTS]
    return _unpublished_as_zero(year, months)


def _unpublished_as_zero(year: int, months: Series) -> Series:
    if year != PARTIAL_YEAR:
        return months
    return [value if month <= PUBLISHED_MONTHS_OF_PARTIAL_YEAR else 0.0 for month, value in enumerate(months, 1)]


# --- Census aggregates --------------------------------------------------------------------------


def _aggregate_rows(year: int, by_iso3: dict[str, tuple[Series, Series]]) -> list[list[object]]:
    def total(members: Iterable[str]) -> tuple[Series, Series]:
        chosen = [by_iso3[iso3] for iso3 in members]
        return _sum([c[0] for c in chosen]), _sum([c[1] for c in chosen])

    codes = {partner.iso3: int(partner.census_code) for partner in PARTNERS}
    south_and_central_america = [iso3 for iso3, code in codes.items() if 2000 <= code < 4000 and iso3 != "MEX"]
    asia = [iso3 for iso3, code in codes.items() if 5000 <= code < 6000]
    world = total(codes)
    rows = [
        _row(year, "0004", "World, Seasonally Adjusted", *(_seasonally_adjusted(flow) for flow in world)),
        _row(year, "0009", "South and Central America", *total(south_and_central_america)),
        _row(year, "0010", "North America", *total(("CAN", "MEX"))),
        _row(year, "0015", "World, Not Seasonally Adjusted", *world),
        _row(year, "0016", "Asia", *total(asia)),
        _row(year, "0017", "CAFTA-DR", *total(CAFTA_DR)),
    ]
    agreements = (("0005", "0021", "MEX", "Mexico"), ("0006", "0022", "CAN", "Canada"))
    for nafta_code, usmca_code, iso3, name in agreements:
        imports, exports = by_iso3[iso3]
        import_share, export_share = AGREEMENT_SHARES[iso3]
        claimed = ([round(v * import_share, 6) for v in imports], [round(v * export_share, 6) for v in exports])
        if year <= USMCA_START[0]:
            rows.append(_row(year, nafta_code, f"NAFTA with {name} (Consump)", *_within(claimed, year, before=True)))
        if year >= USMCA_START[0]:
            rows.append(_row(year, usmca_code, f"USMCA with {name} (Consump)", *_within(claimed, year, before=False)))
    return rows


def _within(flows: tuple[Series, Series], year: int, before: bool) -> tuple[Series, Series]:
    """Keep the months before (NAFTA) or from (USMCA) the switch; the rest of that year is 0."""

    def keep(month: int) -> bool:
        is_before = (year, month) < USMCA_START
        return is_before if before else not is_before

    imports, exports = ([value if keep(month) else 0.0 for month, value in enumerate(flow, 1)] for flow in flows)
    return imports, exports


def _seasonally_adjusted(months: Series) -> Series:
    total_weight = sum(SEASONAL_WEIGHTS)
    return [
        round(value * total_weight / (12 * weight), 6) for value, weight in zip(months, SEASONAL_WEIGHTS, strict=True)
    ]


def _sum(series: Sequence[Series]) -> Series:
    return [round(math.fsum(values), 6) for values in zip(*series, strict=True)]


def _row(year: int, code: str, name: str, imports: Series, exports: Series) -> list[object]:
    return [str(year), code, name, *imports, math.fsum(imports), *exports, math.fsum(exports)]


# --- the workbook -------------------------------------------------------------------------------


def _workbook(rows: Iterable[list[object]]) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(list(HEADER))
    for row in rows:
        sheet.append(row)
    return workbook
