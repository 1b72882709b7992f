"""The derived origin x destination CSV names countries in words; ``location_names.yaml`` gives each its ISO3.

The map is reviewed by hand against DESA's own correspondence table and is the only place a name
of that file meets a code. A name that is in neither of its sections fails the load, naming the
file and the row (or header column) where it stands.
"""

from __future__ import annotations

from pathlib import Path

from sources._common import name_maps
from sources._common.name_maps import NameMap

NAME_MAP_FILE = Path(__file__).with_name("location_names.yaml")


def load_name_map(path: Path = NAME_MAP_FILE) -> NameMap:
    return name_maps.load_name_map(path)
