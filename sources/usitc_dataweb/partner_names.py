"""DataWeb partner names to ISO3, from the reviewed map in ``partner_names.yaml`` beside this module.

DataWeb names partner countries in words only (Census's Schedule C names, lightly edited). The map
is reviewed by hand: every name gets an ISO3 code or ``None`` with the reason it has none. A name
the map does not know fails the load, naming the file and the first line that carries it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sources._common.errors import SourceError
from sources._common.name_maps import load_name_map, map_to_iso3

__all__ = ["map_partner_names", "partner_iso3_map"]

SOURCE = "usitc_dataweb"
NAMES_FILE = Path(__file__).with_name("partner_names.yaml")


def partner_iso3_map() -> dict[str, str | None]:
    """Every reviewed DataWeb partner name: its ISO3 code, or None for names that are not one economy."""
    return load_name_map(NAMES_FILE).as_dict()


def map_partner_names(rows: pd.DataFrame, file: str | Path) -> dict[str, str | None]:
    """ISO3 (or None) for each distinct ``partner_name`` of ``rows``; an unknown name fails naming its line."""
    known = load_name_map(NAMES_FILE)
    unknown = rows.loc[~rows["partner_name"].isin(list(known.iso3) + list(known.no_iso3))]
    if not unknown.empty:
        first = unknown.iloc[0]
        names = sorted(unknown["partner_name"].unique())
        raise SourceError(
            SOURCE,
            f"{len(names)} partner names not in {NAMES_FILE.name} (add each with its ISO3, or under no_iso3 "
            f"with a reason): {names}; the first, {first['partner_name']!r}, is on this line",
            file=file,
            row=int(first["source_row"]),
        )
    return map_to_iso3(rows["partner_name"], NAMES_FILE, SOURCE, file, noun="partner names")
