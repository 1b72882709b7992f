"""A synthetic ``wgidataset.xlsx`` in the World Bank's 2024 long layout, for the sample economies.

Same sheet name, header and row order as the real workbook (indicator, then year, then economy),
the same biennial gap (1996, 1998, 2000, then yearly from 2002) and ``..`` in all six value columns
where an economy was not covered. The values are invented: the estimate rises with GDP per head,
and the percentile rank is the estimate's rank among the sample economies that year. Output is
byte-deterministic: no clock or random state goes in.
"""

from __future__ import annotations

import math
import zlib
from pathlib import Path

from sources._common.sample_countries import SampleEconomy
from sources._common.sample_files import Cell, streamed_xlsx
from sources._common.sample_scale import world_bank_economies
from sources.wgi.parse import INDICATORS

FILE_NAME = "wgidataset.xlsx"
HEADER = (
    "codeindyr", "code", "countryname", "year", "indicator",
    "estimate", "stddev", "nsource", "pctrank", "pctranklower", "pctrankupper",
)  # fmt: skip
# WGI was biennial before 2002: there is no 1997, 1999 or 2001.
YEARS = (1996, 1998, 2000, *range(2002, 2024))
# Small economies that the early surveys did not cover: every value is ".." before this year.
FIRST_COVERED = {"BLZ": 2000, "SUR": 1998, "GUY": 1998, "BRB": 2002, "BHS": 2000}
# Economies whose synthetic governance scores sit below what their income alone would give.
GOVERNANCE_PENALTY = {"VEN": 1.2, "HTI": 0.8, "NIC": 0.7, "CUB": 0.6, "MMR": 0.9, "HND": 0.4, "GTM": 0.4}


def write_sample(dest: Path, *, scale: int = 1) -> list[Path]:
    """Write ``dest/wgi/wgidataset.xlsx`` and return its path; a larger ``scale`` covers more economies
    (WGI covers about 214), as the World Bank's other sample files do."""
    path = Path(dest) / "wgi" / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_workbook_bytes(world_bank_economies(scale)))
    return [path]


def _workbook_bytes(economies: tuple[SampleEconomy, ...]) -> bytes:
    # A full-size WGI workbook has about 350,000 cells: written as XML text rather than with openpyxl.
    rows: list[list[Cell]] = [list(HEADER)]
    for indicator in INDICATORS:
        for year in YEARS:
            estimates = {economy.iso3: _estimate(economy, indicator, year) for economy in economies}
            covered = sorted(value for value in estimates.values() if value is not None)
            for economy in economies:
                code = economy.iso3
                base = [f"{code}{indicator}{year}", code, economy.name, year, indicator]
                estimate = estimates[code]
                if estimate is None:
                    rows.append([*base, "..", "..", "..", "..", "..", ".."])
                    continue
                sources = 3 + _unit(code, indicator, year, "n") * 9 + (year - 1996) // 6
                stddev = 0.45 / math.sqrt(sources)
                rank = 100.0 * covered.index(estimate) / max(len(covered) - 1, 1)
                rows.append(
                    [
                        *base,
                        round(estimate, 6),
                        round(stddev, 6),
                        float(int(sources)),
                        round(rank, 4),
                        round(max(rank - 14.0, 0.0), 4),
                        round(min(rank + 14.0, 100.0), 4),
                    ]
                )
    return streamed_xlsx([("Sheet1", rows)])


def _estimate(economy: SampleEconomy, indicator: str, year: int) -> float | None:
    if year < FIRST_COVERED.get(economy.iso3, 0):
        return None
    income = (math.log10(economy.gdp_per_capita) - 3.9) * 1.4
    noise = (_unit(economy.iso3, indicator, year, "e") - 0.5) * 0.5
    value = income - GOVERNANCE_PENALTY.get(economy.iso3, 0.0) + noise
    return max(-2.5, min(2.5, value))


def _unit(*parts: object) -> float:
    """A stable pseudo-random number in [0, 1) from the given parts (no global random state)."""
    return zlib.crc32("|".join(map(str, parts)).encode()) / 2**32
