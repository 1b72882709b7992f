"""UNCTADstat identifies economies by label only; ``economy_names.yaml`` maps each one to ISO3.

The map is reviewed by hand and is the only place an UNCTAD label meets a code. A label that is
not in it fails the load with every unmatched label listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from sources._common.errors import SourceError

NAME_MAP_FILE = Path(__file__).with_name("economy_names.yaml")
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class NameMap:
    iso3: dict[str, str]  # label -> ISO3
    no_iso3: dict[str, str]  # label -> why it has no code (groups, former economies)

    def __contains__(self, name: str) -> bool:
        return name in self.iso3 or name in self.no_iso3


@cache
def load_name_map(path: Path = NAME_MAP_FILE) -> NameMap:
    document = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    iso3 = {str(name): str(code) for name, code in (document.get("iso3") or {}).items()}
    no_iso3 = {str(name): str(reason) for name, reason in (document.get("no_iso3") or {}).items()}
    bad = {name: code for name, code in iso3.items() if not _ISO3.match(code)}
    if bad:
        raise ValueError(f"{path.name}: codes that are not 3 capital letters: {bad}")
    both = sorted(set(iso3) & set(no_iso3))
    if both:
        raise ValueError(f"{path.name}: labels listed both with and without a code: {both}")
    return NameMap(iso3=iso3, no_iso3=no_iso3)


def map_names(names: Iterable[str], source: str = "unctad", file: str | Path | None = None) -> dict[str, str | None]:
    """Each label's ISO3 (None for a group or former economy); raises SourceError listing every unmatched one."""
    name_map = load_name_map()
    wanted = list(dict.fromkeys(names))
    unmatched = [name for name in wanted if name not in name_map]
    if unmatched:
        raise SourceError(
            source,
            f"{len(unmatched)} economy labels not in {NAME_MAP_FILE.name} (add each with its ISO3, or under "
            f"no_iso3 with a reason): {unmatched}",
            file=file,
        )
    return {name: name_map.iso3.get(name) for name in wanted}
