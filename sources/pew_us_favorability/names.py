"""The compilation names countries in short English words; ``country_names.yaml`` gives each its ISO3.

The map is reviewed by hand and is the only place a name of this file meets a code. A name that is
not in it fails the load, naming the file and the header column where it stands.
"""

from __future__ import annotations

from pathlib import Path

from sources._common import name_maps
from sources._common.name_maps import NameMap

NAME_MAP_FILE = Path(__file__).with_name("country_names.yaml")


def load_name_map(path: Path = NAME_MAP_FILE) -> NameMap:
    return name_maps.load_name_map(path)
