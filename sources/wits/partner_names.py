"""WITS partner names to ISO3, from the reviewed map in ``partner_names.yaml`` beside this module.

WITS identifies partners by English name only. The map is written by hand and reviewed: every
name gets an ISO3 code or ``None`` with the reason it has none (aggregates such as "World" and
the World Bank regions, "Other Asia, nes"). A name the map does not know is an error that lists
every such name, so a new WITS spelling is reviewed instead of silently dropped by a join.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sources._common.name_maps import load_name_map, map_to_iso3, parse_name_map

__all__ = ["map_partner_names", "parse_name_map", "partner_iso3_map", "partner_reasons_without_iso3"]

SOURCE = "wits"
NAMES_FILE = Path(__file__).with_name("partner_names.yaml")


def partner_iso3_map() -> dict[str, str | None]:
    """Every reviewed WITS partner name: its ISO3 code, or None for names that are not one economy."""
    return load_name_map(NAMES_FILE).as_dict()


def partner_reasons_without_iso3() -> dict[str, str]:
    """Why each name mapped to None has no ISO3 code."""
    return dict(load_name_map(NAMES_FILE).no_iso3)


def map_partner_names(names: Iterable[str], file: str | Path | None = None) -> dict[str, str | None]:
    """ISO3 (or None) for each distinct name; raises SourceError listing every name not in the map."""
    return map_to_iso3(names, NAMES_FILE, SOURCE, file, noun="partner names")
