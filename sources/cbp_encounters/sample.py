"""A synthetic CBP nationwide encounters file (state version) in CBP's CSV layout.

Same header, UTF-8 with CRLF line endings, one line per fiscal year, month, land border region,
state, demographic, citizenship and title of authority that had encounters; ``Month Grouping`` is
``FYTD`` on every line; the one citizenship with a comma is quoted (``"CHINA, PEOPLES REPUBLIC
OF"``); zero counts appear, as in the real file. It covers FY2022 and FY2023 in full and FY2024
from October to March, so the sample has a partial fiscal year, as every live release does.

The counts are invented but shaped like the real ones: dominated by Mexico, then Guatemala,
Honduras, Venezuela, Cuba, Nicaragua, Colombia, Ecuador, El Salvador and Haiti, plus OTHER;
mostly at the southwest land border; Title 42 expulsions end in May 2023. Byte-deterministic:
no clock or random state goes in.
"""

from __future__ import annotations

import csv
import io
import zlib
from pathlib import Path

from sources._common.sample_scale import years_back

# The release names the fiscal years it covers; a larger sample starts earlier (see write_sample).
FILE_NAME = "nationwide-encounters-fy{first:02d}-fy24-mar-state.csv"
HEADER = (
    "Fiscal Year", "Month Grouping", "Month (abbv)", "Land Border Region", "State", "Demographic", "Citizenship",
    "Title of Authority", "Encounter Count",
)  # fmt: skip
FISCAL_MONTHS = ("OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP")
MONTHS_BY_FISCAL_YEAR = {2022: FISCAL_MONTHS, 2023: FISCAL_MONTHS, 2024: FISCAL_MONTHS[:6]}  # at scale 1
# A larger sample adds one earlier fiscal year per scale step, back to FY2001: FY2000 began in
# October 1999, and the marts hold calendar years from 2000.
FIRST_CBP_FISCAL_YEAR = 2001
# Typical monthly encounters at the southwest border by citizenship (synthetic orders of magnitude).
SOUTHWEST_MONTHLY = {
    "MEXICO": 62000, "GUATEMALA": 18000, "HONDURAS": 17000, "VENEZUELA": 16000, "CUBA": 14000,
    "NICARAGUA": 11000, "COLOMBIA": 10000, "ECUADOR": 8000, "EL SALVADOR": 7000, "HAITI": 3000,
    "CHINA, PEOPLES REPUBLIC OF": 2500, "OTHER": 24000,
}  # fmt: skip
STATE_SHARES = {
    "Southwest Land Border": {"TX": 0.5, "AZ": 0.25, "CA": 0.15, "NM": 0.1},
    "Northern Land Border": {"WA": 0.4, "NY": 0.35, "MI": 0.25},
    "Other": {"FL": 0.5, "NY": 0.3, "PR": 0.2},
}
# Smaller flows elsewhere: (region, citizenship) -> monthly encounters.
ELSEWHERE_MONTHLY = {
    ("Northern Land Border", "CANADA"): 1500, ("Northern Land Border", "MEXICO"): 900,
    ("Northern Land Border", "OTHER"): 2500, ("Northern Land Border", "CHINA, PEOPLES REPUBLIC OF"): 150,
    ("Other", "CUBA"): 1200, ("Other", "HAITI"): 1800, ("Other", "VENEZUELA"): 900, ("Other", "COLOMBIA"): 600,
    ("Other", "OTHER"): 4000, ("Other", "MEXICO"): 300,
}  # fmt: skip
# Share of each citizenship's encounters in each demographic (families travel more from Central
# America and Venezuela; unaccompanied children mostly from the Northern Triangle).
DEMOGRAPHICS = {
    "Single Adults": 0.62, "FMUA": 0.25, "UC / Single Minors": 0.08, "Accompanied Minors": 0.05,
}  # fmt: skip
FAMILY_HEAVY = {"GUATEMALA", "HONDURAS", "EL SALVADOR", "VENEZUELA", "ECUADOR", "COLOMBIA", "HAITI"}
# Title 42 expulsions, applied to these citizenships at the southwest border until May 2023.
TITLE_42 = {"MEXICO": 0.55, "GUATEMALA": 0.35, "HONDURAS": 0.35, "EL SALVADOR": 0.35, "OTHER": 0.1}
TITLE_42_FIRST = (2020, "MAR")
TITLE_42_LAST = (2023, "MAY")


def write_sample(dest: Path, *, scale: int = 1) -> list[Path]:
    """Write ``dest/cbp_encounters/nationwide-encounters-fy22-fy24-mar-state.csv`` (at scale 1) and return its path."""
    months = months_by_fiscal_year(scale)
    path = Path(dest) / "cbp_encounters" / FILE_NAME.format(first=min(months) % 100)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(sample_rows(scale))
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return [path]


def months_by_fiscal_year(scale: int = 1) -> dict[int, tuple[str, ...]]:
    earlier = years_back(min(MONTHS_BY_FISCAL_YEAR), min(MONTHS_BY_FISCAL_YEAR) - 1, scale, per_step=1,
                         earliest=FIRST_CBP_FISCAL_YEAR)  # fmt: skip
    return {**{year: FISCAL_MONTHS for year in earlier}, **MONTHS_BY_FISCAL_YEAR}


def sample_rows(scale: int = 1) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for fiscal_year, months in months_by_fiscal_year(scale).items():
        for position, month in enumerate(months):
            # Encounters rose over the period, with a spring peak each year.
            # Earlier fiscal years (larger scales only) level off at a third of FY2022's encounters.
            trend = max(0.3, 0.85 + 0.12 * (fiscal_year - 2022))
            level = trend * (1.0 + 0.15 * (position in range(5, 9)))
            flows = {
                ("Southwest Land Border", citizenship): monthly for citizenship, monthly in SOUTHWEST_MONTHLY.items()
            }
            flows.update(ELSEWHERE_MONTHLY)
            for (region, citizenship), monthly in sorted(flows.items()):
                for state, state_share in STATE_SHARES[region].items():
                    for demographic, demographic_share in _demographics(citizenship).items():
                        for title, title_share in _titles(region, citizenship, fiscal_year, month).items():
                            key = (fiscal_year, month, region, state, demographic, citizenship, title)
                            expected = monthly * level * state_share * demographic_share * title_share
                            # Small cells are sparse, as in the real file: most are simply absent.
                            if expected < 40 and _unit(*key) < 0.6:
                                continue
                            count = max(int(expected * (0.8 + 0.4 * _unit(*key, "count"))), 0)
                            if expected < 3:
                                count = 0
                            rows.append((str(fiscal_year), "FYTD", month, region, state, demographic, citizenship,
                                         title, str(count)))  # fmt: skip
    return rows


def _demographics(citizenship: str) -> dict[str, float]:
    if citizenship in FAMILY_HEAVY:
        return {"Single Adults": 0.45, "FMUA": 0.38, "UC / Single Minors": 0.12, "Accompanied Minors": 0.05}
    return DEMOGRAPHICS


def _titles(region: str, citizenship: str, fiscal_year: int, month: str) -> dict[str, float]:
    share = TITLE_42.get(citizenship, 0.0) if region == "Southwest Land Border" else 0.0
    when = (fiscal_year, FISCAL_MONTHS.index(month))
    in_force = (TITLE_42_FIRST[0], FISCAL_MONTHS.index(TITLE_42_FIRST[1])) <= when <= (
        TITLE_42_LAST[0], FISCAL_MONTHS.index(TITLE_42_LAST[1])
    )
    if not share or not in_force:
        return {"Title 8": 1.0}
    return {"Title 8": 1.0 - share, "Title 42": share}


def _unit(*parts: object) -> float:
    """A stable pseudo-random number in [0, 1) from the given parts (no global random state)."""
    return zlib.crc32("|".join(map(str, parts)).encode()) / 2**32
