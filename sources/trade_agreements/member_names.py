"""WTO signatory names to ISO3, from the reviewed map in ``member_names.yaml`` beside this module.

RTA-IS names parties the WTO way ("Korea, Republic of", "Chinese Taipei", "Türkiye") and some
parties are agreements themselves ("European Union", "Southern Common Market (MERCOSUR)"). The
map gives every name an ISO3 code or ``None`` with the reason it has none. The warehouse needs
the names of the Western Hemisphere agreements, so those must all be in the map: a missing one
is an error listing every such name, to be reviewed and added, never silently dropped by a join.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from sources._common.name_maps import load_name_map, map_to_iso3

SOURCE = "trade_agreements"
NAMES_FILE = Path(__file__).with_name("member_names.yaml")
# WTO's own regions for the parties of an agreement ("Region" column) that lie in the Americas.
AMERICAS_REGIONS = frozenset({"North America", "Central America", "South America", "Caribbean"})
UNITED_STATES = "United States of America"


def member_iso3_map() -> dict[str, str | None]:
    """Every reviewed WTO signatory name: its ISO3 code, or None for parties that are not one economy."""
    return load_name_map(NAMES_FILE).as_dict()


def member_reasons_without_iso3() -> dict[str, str]:
    """Why each name mapped to None has no ISO3 code."""
    return dict(load_name_map(NAMES_FILE).no_iso3)


def map_member_names(names: Iterable[str], file: str | Path | None = None) -> dict[str, str | None]:
    """ISO3 (or None) for each distinct name; raises SourceError listing every name not in the map."""
    return map_to_iso3(names, NAMES_FILE, SOURCE, file, noun="signatory names")


def western_hemisphere_rta_ids(rtas: pd.DataFrame, members: pd.DataFrame) -> set[int]:
    """Agreements with a party in the Americas (by the WTO's Region column) or with the United States."""
    regions = rtas["region"].map(_regions)
    in_americas = set(rtas.loc[regions.map(lambda found: bool(found & AMERICAS_REGIONS)), "rta_id"])
    with_united_states = set(members.loc[members["member_name"] == UNITED_STATES, "rta_id"])
    return {int(rta_id) for rta_id in in_americas | with_united_states}


def map_western_hemisphere_members(
    rtas: pd.DataFrame, members: pd.DataFrame, file: str | Path | None = None
) -> dict[str, str | None]:
    """ISO3 for every signatory name of a Western Hemisphere agreement; fails listing unmapped names."""
    in_scope = members["rta_id"].isin(western_hemisphere_rta_ids(rtas, members))
    return map_member_names(members.loc[in_scope, "member_name"], file=file)


def _regions(region: str | None) -> frozenset[str]:
    return frozenset(part.strip() for part in (region or "").split(";") if part.strip())


