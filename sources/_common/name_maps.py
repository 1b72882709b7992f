"""Reviewed maps from a publisher's country names to ISO3, one YAML file per publisher.

Several publishers identify economies by English name only (KNOMAD, WITS, UNCTAD, WTO, CBP),
each spelled its own way. Each package keeps a hand-reviewed YAML beside it with two sections:

    iso3:     name -> ISO3 code
    no_iso3:  name -> why it has no code (aggregates, totals, former economies, "OTHER")

A name in neither section fails the load with every such name listed, so a new spelling in a new
release is reviewed and added on purpose instead of being dropped by a join.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sources._common.errors import SourceError

ISO3 = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class NameMap:
    iso3: dict[str, str]
    no_iso3: dict[str, str]  # name -> the reason it has no code

    def __contains__(self, name: object) -> bool:
        return name in self.iso3 or name in self.no_iso3

    def as_dict(self) -> dict[str, str | None]:
        return {**self.iso3, **dict.fromkeys(self.no_iso3)}


def parse_name_map(document: Any, where: str) -> NameMap:
    """Validate a loaded YAML: ISO3-shaped codes, a reason for every unmapped name, no name twice."""
    if not isinstance(document, dict) or set(document) != {"iso3", "no_iso3"}:
        raise ValueError(f"{where}: expected exactly the sections 'iso3' and 'no_iso3'")
    coded, uncoded = document["iso3"] or {}, document["no_iso3"] or {}
    for name, code in coded.items():
        if not isinstance(code, str) or not ISO3.fullmatch(code):
            raise ValueError(f"{where}: {name!r} maps to {code!r}, not 3 capital letters")
    for name, reason in uncoded.items():
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(f"{where}: {name!r} has no ISO3 and no reason why")
    both = sorted(set(map(str, coded)) & set(map(str, uncoded)))
    if both:
        raise ValueError(f"{where}: {both} are in both 'iso3' and 'no_iso3'")
    return NameMap(
        iso3={str(name): code for name, code in coded.items()},
        no_iso3={str(name): " ".join(reason.split()) for name, reason in uncoded.items()},
    )


@cache
def load_name_map(path: Path) -> NameMap:
    # Cached: loaders and tests ask repeatedly, and the file never changes during a run.
    return parse_name_map(yaml.safe_load(Path(path).read_text(encoding="utf-8")), Path(path).name)


def map_to_iso3(
    names: Iterable[str], path: Path, source: str, file: str | Path | None = None, noun: str = "names"
) -> dict[str, str | None]:
    """ISO3 (None for a reviewed non-economy) for each distinct name; fails listing every unknown one."""
    name_map = load_name_map(path)
    distinct = list(dict.fromkeys(names))
    unmatched = sorted(name for name in distinct if name not in name_map)
    if unmatched:
        raise SourceError(
            source,
            f"{len(unmatched)} {noun} not in {Path(path).name} (add each with its ISO3, or under no_iso3 "
            f"with a reason): {unmatched}",
            file=file,
        )
    return {name: name_map.iso3.get(name) for name in distinct}
