"""A synthetic UNCTADstat FDI export (``US.FdiFlowsStock_<timestamp>.csv``) for the sample economies.

Byte layout as exported: no BOM, CRLF line endings, the four-column header, labels with a comma
left unquoted (so those lines have five fields), an empty flag written as a trailing comma, and a
former economy's row wrapped whole in quotes with an empty value and the flag ``Not applicable``.
Values are invented: 2024 FDI inflows as a share of GDP, negative for two economies (net
disinvestment), as UNCTAD reports them. Byte-deterministic: no clock or random state goes in.
"""

from __future__ import annotations

from pathlib import Path

from sources._common.sample_countries import SAMPLE_ECONOMIES, SampleEconomy
from sources._common.sample_scale import years_back

FILE_NAME = "US.FdiFlowsStock_20250101_000000.csv"
YEAR = 2024
# A larger sample exports earlier years too, back to 1970 where UNCTADstat's series start.
FIRST_UNCTAD_YEAR = 1970
GROWTH_PER_YEAR = 1.04
HEADER = "Economy_Label,Year,US_at_current_prices_in_millions_Value,US_at_current_prices_MissingValue"
# UNCTADstat's labels where they differ from the sample list.
UNCTAD_LABELS = {
    "BHS": "Bahamas",
    "BOL": "Bolivia (Plurinational State of)",
    "VEN": "Venezuela (Bolivarian Rep. of)",
}
# Synthetic FDI inflows as % of GDP; economies not listed get 2%.
INFLOWS_PCT_GDP = {
    "USA": 1.0, "CAN": 2.5, "MEX": 2.4, "GTM": 1.5, "BLZ": 3.0, "SLV": 1.4, "HND": 3.0, "NIC": 7.0,
    "CRI": 5.0, "PAN": 3.5, "BHS": 3.0, "CUB": 0.2, "HTI": 0.2, "DOM": 3.8, "TTO": -0.6, "COL": 4.0,
    "VEN": 0.3, "GUY": 25.0, "ECU": 0.5, "PER": 2.3, "BOL": -0.1, "CHL": 4.0, "BRA": 3.0, "PRY": 0.7,
    "URY": 2.5, "CHN": 0.1, "MMR": 1.5, "THA": 1.2, "VNM": 4.5, "KHM": 10.0, "MYS": 2.3, "SGP": 35.0,
    "IDN": 1.8, "PHL": 2.0,
}  # fmt: skip
# Rows that exercise the export's quirks: an unquoted comma in a label (an economy outside the
# sample list), and a former economy whose whole line is quoted.
COMMA_LABEL_ROW = ("China, Hong Kong SAR", 4.0, 360000.0)  # label, % of GDP, GDP in US$ millions
FORMER_ECONOMY = "Yugoslavia, Soc. Fed. Rep. of"


def write_sample(dest: Path, *, scale: int = 1) -> list[Path]:
    """Write ``dest/unctad/US.FdiFlowsStock_20250101_000000.csv`` and return its path."""
    path = Path(dest) / "unctad" / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [HEADER]
    for year in years_back(YEAR, YEAR, scale, per_step=1, earliest=FIRST_UNCTAD_YEAR):
        # Inflows grew about 4% a year in US$; earlier years are the latest level discounted.
        discount = GROWTH_PER_YEAR ** (year - YEAR)
        rows = [(unctad_label(economy), round(_inflow(economy) * discount)) for economy in SAMPLE_ECONOMIES]
        label, share, gdp = COMMA_LABEL_ROW
        rows.append((label, round(gdp * share / 100 * discount)))
        for label, value in sorted(rows):
            lines.append(f"{label},{year},{value},")
        lines.append(f'"{FORMER_ECONOMY},{year},,""Not applicable"""')
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return [path]


def unctad_label(economy: SampleEconomy) -> str:
    return UNCTAD_LABELS.get(economy.iso3, economy.name)


def _inflow(economy: SampleEconomy) -> int:
    gdp_musd = economy.population_m * economy.gdp_per_capita
    return round(gdp_musd * INFLOWS_PCT_GDP.get(economy.iso3, 2.0) / 100)
