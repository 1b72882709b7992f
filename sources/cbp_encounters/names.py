"""CBP names citizenships in upper case; ``citizenship_names.yaml`` maps each one to ISO3.

The map is reviewed by hand and is the only place a CBP citizenship meets a code. A name that is not
in it fails the load with every unmatched name listed, so a new spelling in a new release is
added on purpose rather than dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sources._common import name_maps
from sources._common.name_maps import NameMap

NAME_MAP_FILE = Path(__file__).with_name("citizenship_names.yaml")


def load_name_map(path: Path = NAME_MAP_FILE) -> NameMap:
    return name_maps.load_name_map(path)


def map_names(
    names: Iterable[str], source: str = "cbp_encounters", file: str | Path | None = None
) -> dict[str, str | None]:
    """Each name's ISO3 (None for a reviewed non-economy); raises SourceError listing every unmatched one."""
    return name_maps.map_to_iso3(names, NAME_MAP_FILE, source, file, noun="citizenships")
