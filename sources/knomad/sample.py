"""Synthetic KNOMAD workbooks in the publisher's layouts, for the sample economies.

``inward_remittance_flows_december_2024.xlsx``: sheet ``Inward remittance flows``, name column
headed ``Remittance inflows (US$ million)``, years 2000-2022 as numbers, ``2023e`` as text,
``% of GDP in 2023``; the two aggregates after the economies, then a blank row and notes. Some
early years are 0 (KNOMAD's "no data"), Cuba's row is empty and Viet Nam's name has a trailing
space, as in the real file.

``bilateral_remittance_matrix_2021.xlsx``: sheet ``FINAL BRM 2021 `` (trailing space), a title
row, the corner label, receiving economies across and sending economies down, each ending in
``WORLD`` totals; empty cells for corridors without an estimate; footnotes below.

Values are invented but shaped like the real pattern: remittances are 15-25% of GDP in Central
America, Haiti and Jamaica, large for Mexico, and most of them are sent from the United States.
Output is byte-deterministic: no clock or random state goes in.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from openpyxl import Workbook

from sources._common.sample_countries import SAMPLE_ECONOMIES, SampleEconomy
from sources._common.sample_files import deterministic_xlsx
from sources._common.sample_scale import years_back

INWARD_FILE = "inward_remittance_flows_december_2024.xlsx"
BILATERAL_FILE = "bilateral_remittance_matrix_2021.xlsx"
YEARS = tuple(range(2000, 2023))  # at scale 1; larger samples reach back towards 1980, as KNOMAD's file does
FIRST_KNOMAD_YEAR = 1980
ESTIMATE_YEAR = 2023
MATRIX_YEAR = 2021
# KNOMAD's spelling where it differs from the sample list; Viet Nam keeps the trailing space KNOMAD gives it.
KNOMAD_NAMES = {"VNM": "Vietnam "}
# Remittances as % of GDP in the sample; everyone else gets 0.5-2%.
SHARE_OF_GDP = {
    "HND": 25.0, "SLV": 23.0, "NIC": 21.0, "HTI": 20.0, "GTM": 18.0, "JAM": 17.0, "DOM": 9.0,
    "MEX": 4.0, "PHL": 9.5, "BOL": 3.5, "COL": 2.8, "ECU": 4.0, "PRY": 1.8, "PER": 1.4, "VNM": 3.3,
    "KHM": 5.5, "MMR": 3.2, "GUY": 4.5, "BLZ": 4.8,
    "USA": 0.03, "CAN": 0.06, "SGP": 0.01, "CHL": 0.03, "URY": 0.4, "BHS": 0.2, "PAN": 0.8, "CHN": 0.2,
    "BRA": 0.2, "ARG": 0.1, "THA": 1.5, "MYS": 0.4, "IDN": 0.9,
}  # fmt: skip
# Years before which an economy reports 0 ("no data" in KNOMAD's file), and economies with no data at all.
NO_DATA_BEFORE = {"KHM": 2005, "MMR": 2005, "SUR": 2006, "CUB": 9999}
# Where each receiving economy's migrants live: shares of its inflows by sending economy.
MAIN_SENDERS = {
    "MEX": {"USA": 0.95, "CAN": 0.02}, "GTM": {"USA": 0.93, "MEX": 0.03}, "HND": {"USA": 0.90, "MEX": 0.03},
    "SLV": {"USA": 0.92, "CAN": 0.03}, "NIC": {"USA": 0.65, "CRI": 0.20, "PAN": 0.05},
    "HTI": {"USA": 0.80, "CAN": 0.08, "DOM": 0.05}, "JAM": {"USA": 0.70, "CAN": 0.15},
    "DOM": {"USA": 0.85}, "CUB": {"USA": 0.9}, "COL": {"USA": 0.50, "CHL": 0.06, "PAN": 0.03},
    "ECU": {"USA": 0.60, "CHL": 0.05}, "VEN": {"USA": 0.40, "COL": 0.20, "PER": 0.10, "CHL": 0.10},
    "BOL": {"ARG": 0.40, "BRA": 0.15, "CHL": 0.15, "USA": 0.15}, "PRY": {"ARG": 0.60, "BRA": 0.10, "USA": 0.08},
    "PER": {"USA": 0.35, "CHL": 0.20, "ARG": 0.10}, "GUY": {"USA": 0.60, "CAN": 0.20, "TTO": 0.05},
    "PHL": {"USA": 0.40, "SGP": 0.06, "CAN": 0.06}, "VNM": {"USA": 0.55, "CAN": 0.05},
    "MMR": {"THA": 0.60, "MYS": 0.15, "SGP": 0.05}, "KHM": {"THA": 0.70, "USA": 0.10, "MYS": 0.05},
    "IDN": {"MYS": 0.45, "SGP": 0.10, "USA": 0.05}, "CHN": {"USA": 0.30, "CAN": 0.08, "SGP": 0.06},
}  # fmt: skip
# At most this part of a receiver's inflows is spread thinly over the other sample economies; the
# rest of what the main senders leave comes from outside the sample (Spain, the Gulf, Japan...).
THIN_SPREAD_SHARE = 0.08


def write_sample(dest: Path, *, scale: int = 1) -> list[Path]:
    """Write the two KNOMAD workbooks under ``dest/knomad`` and return their paths."""
    years = years_back(YEARS[0], YEARS[-1], scale, per_step=1, earliest=FIRST_KNOMAD_YEAR)
    folder = Path(dest) / "knomad"
    folder.mkdir(parents=True, exist_ok=True)
    economies = sorted(SAMPLE_ECONOMIES, key=lambda economy: knomad_name(economy).strip())
    files = {
        folder / INWARD_FILE: _inward_workbook(economies, years),
        folder / BILATERAL_FILE: _bilateral_workbook(economies),
    }
    for path, content in files.items():
        path.write_bytes(content)
    return list(files)


def knomad_name(economy: SampleEconomy) -> str:
    return KNOMAD_NAMES.get(economy.iso3, economy.name)


def inflow(economy: SampleEconomy, year: int) -> float | None:
    """Synthetic remittance inflow in US$ millions; 0 is KNOMAD's "no data"; None an empty cell."""
    if NO_DATA_BEFORE.get(economy.iso3) == 9999:
        return None
    if year < NO_DATA_BEFORE.get(economy.iso3, 0):
        return 0.0
    share = SHARE_OF_GDP.get(economy.iso3, 0.5 + 1.5 * _unit(economy.iso3, "share"))
    # GDP and the share both grew over the period; 2020 dipped for most, not for Central America.
    growth = (1.045 + 0.02 * _unit(economy.iso3, "growth")) ** (year - ESTIMATE_YEAR)
    dip = 0.93 if year == 2020 and economy.iso3 not in {"MEX", "GTM", "HND", "SLV", "NIC"} else 1.0
    gdp_musd = economy.population_m * economy.gdp_per_capita
    return round(gdp_musd * share / 100 * growth * dip * (0.97 + 0.06 * _unit(economy.iso3, year)), 4)


def _inward_workbook(economies: list[SampleEconomy], years: tuple[int, ...]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inward remittance flows"
    sheet.append(["Remittance inflows (US$ million)", *years, f"{ESTIMATE_YEAR}e", f"% of GDP in {ESTIMATE_YEAR}"])
    low_and_middle = [0.0] * (len(years) + 1)
    world = [0.0] * (len(years) + 1)
    for economy in economies:
        values = [inflow(economy, year) for year in (*years, ESTIMATE_YEAR)]
        latest = values[-1]
        gdp_musd = economy.population_m * economy.gdp_per_capita
        share = "" if latest is None else round(100 * latest / gdp_musd, 6)
        sheet.append([knomad_name(economy), *("" if v is None else v for v in values), share])
        for position, value in enumerate(values):
            world[position] += value or 0.0
            if economy.income_group != "High income":
                low_and_middle[position] += value or 0.0
    world_gdp = sum(economy.population_m * economy.gdp_per_capita for economy in economies)
    lmic_gdp = sum(e.population_m * e.gdp_per_capita for e in economies if e.income_group != "High income")
    sheet.append(["Low-and Middle-Income Countries", *(round(v, 4) for v in low_and_middle),
                  round(100 * low_and_middle[-1] / lmic_gdp, 6)])  # fmt: skip
    sheet.append(["World", *(round(v, 4) for v in world), round(100 * world[-1] / world_gdp, 6)])
    sheet.append([])
    sheet.append([])
    sheet.append(["Note: all numbers are in current US$ (sample file written by Hemisphere; values are synthetic)."])
    sheet.append(["Zero means no data for that year; an empty row means no data at all."])
    sheet.append(["Date: December 2024"])
    return deterministic_xlsx(workbook)


def _bilateral_workbook(economies: list[SampleEconomy]) -> bytes:
    names = [knomad_name(economy).strip() for economy in economies]
    by_iso3 = {economy.iso3: economy for economy in economies}
    position = {economy.iso3: index for index, economy in enumerate(economies)}
    # matrix[sender][receiver] in US$ millions; None is an empty cell (no estimate).
    matrix: list[list[float | None]] = [[None] * len(economies) for _ in economies]
    for receiver in economies:
        total = inflow(receiver, MATRIX_YEAR) or (900.0 if receiver.iso3 == "CUB" else 0.0)
        if not total:
            continue
        shares = dict(MAIN_SENDERS.get(receiver.iso3, {"USA": 0.25}))
        if receiver.iso3 in shares:
            shares.pop(receiver.iso3)
        # A thin spread over other corridors, sparse like the real matrix.
        others = [
            e.iso3 for e in economies
            if e.iso3 not in shares and e.iso3 != receiver.iso3 and _unit(e.iso3, receiver.iso3, "link") < 0.25
        ]  # fmt: skip
        rest = min(max(1.0 - sum(shares.values()), 0.0), THIN_SPREAD_SHARE)
        for sender in others:
            shares[sender] = rest / len(others)
        for sender, share in shares.items():
            if sender in by_iso3 and share > 0:
                matrix[position[sender]][position[receiver.iso3]] = round(total * share, 6)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"FINAL BRM {MATRIX_YEAR} "
    sheet.append([
        f"Bilateral Remittance Estimates for {MATRIX_YEAR} (sample written by Hemisphere; synthetic values in "
        "millions of US$) (December 2022 Version)"
    ])  # fmt: skip
    sheet.append(["Remittance-receiving country (across) - Remittance-sending country (down) ", *names, "WORLD"])
    for name, row in zip(names, matrix, strict=True):
        sent = sum(value for value in row if value is not None)
        sheet.append([name, *("" if value is None else value for value in row), round(sent, 6) if sent else ""])
    received = [sum(row[column] or 0.0 for row in matrix) for column in range(len(economies))]
    sheet.append(["WORLD", *(round(value, 6) if value else "" for value in received), round(sum(received), 6)])
    sheet.append([])
    sheet.append(["When using the data, please cite the publisher (sample file: synthetic values)."])
    sheet.append([])
    sheet.append(["Note: empty cells are corridors without an estimate."])
    return deterministic_xlsx(workbook)


def _unit(*parts: object) -> float:
    """A stable pseudo-random number in [0, 1) from the given parts (no global random state)."""
    return zlib.crc32("|".join(map(str, parts)).encode()) / 2**32
