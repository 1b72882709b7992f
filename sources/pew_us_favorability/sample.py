"""A synthetic TRUMPWORLD-us.csv in FiveThirtyEight's layout, for the sample economies Pew surveyed.

Same bytes layout as the compilation: header ``year,avg,<country>...`` with Pew's short names,
one line per survey year (2000, then 2002-2017: there was no 2001 survey), an empty cell where a
country was not surveyed that year, whole percentages, ``avg`` the mean of the row's cells written
with up to 8 decimals, CRLF line endings and no newline after the last line.

The percentages are invented: a per-country level that dips in the mid-2000s, recovers after 2009
and falls in 2017, with some years left unsurveyed. Byte-deterministic: no clock or random state.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from sources._common.sample_scale import checked_scale

FILE_NAME = "TRUMPWORLD-us.csv"
SURVEY_YEARS = (2000, *range(2002, 2018))
# The sample economies Pew surveyed, under the compilation's names, with a synthetic level (%).
COUNTRIES = {
    "Canada": 64, "Indonesia": 52, "Philippines": 86, "Vietnam": 78, "Argentina": 38, "Brazil": 63,
    "Chile": 66, "Colombia": 64, "Mexico": 62, "Peru": 68, "Venezuela": 55,
}  # fmt: skip
# Every country is surveyed in these years; the others are left out where the pattern says so.
ALWAYS_SURVEYED = (2002, 2007, 2013, 2014, 2015, 2017)


def write_sample(dest: Path, *, scale: int = 1) -> list[Path]:
    """Write ``dest/pew_us_favorability/TRUMPWORLD-us.csv`` and return its path.

    The compilation is one fixed file, so a larger scale writes the same file."""
    checked_scale(scale)
    folder = Path(dest) / "pew_us_favorability"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [",".join(["year", "avg", *COUNTRIES])]
    for year in SURVEY_YEARS:
        cells = [_percent(country, level, year) for country, level in COUNTRIES.items()]
        surveyed = [value for value in cells if value is not None]
        average = f"{sum(surveyed) / len(surveyed):.8f}".rstrip("0").rstrip(".")
        lines.append(",".join([str(year), average, *("" if value is None else str(value) for value in cells)]))
    path = folder / FILE_NAME
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    return [path]


def _percent(country: str, level: int, year: int) -> int | None:
    if year not in ALWAYS_SURVEYED and _unit(country, year) < 0.45:
        return None
    if year <= 2008:
        swing = -12 * (year - 2000) / 8
    elif year <= 2016:
        swing = 4
    else:
        swing = -15
    return max(0, min(100, round(level + swing + 8 * (_unit(country, year, "noise") - 0.5))))


def _unit(*parts: object) -> float:
    """A stable pseudo-random number in [0, 1) from the given parts (no global random state)."""
    return zlib.crc32("|".join(map(str, parts)).encode()) / 2**32
