"""WITS partner names to ISO3, from the reviewed map in ``partner_names.yaml`` beside this module.

WITS identifies partners by English name only. The map is written by hand and reviewed: every
name gets an ISO3 code or ``None`` with the reason it has none (aggregates such as "World" and
the World Bank regions, "Other Asia, nes"). A name the map does not know is an error that lists
every such name, so a new WITS spelling is reviewed instead of silently dropped by a join.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sources._common.errors import SourceError

SOURCE = "wits"
NAMES_FILE = Path(__file__).with_name("partner_names.yaml")
ISO3 = re.compile(r"[A-Z]{3}")


def partner_iso3_map() -> dict[str, str | None]:
    """Every reviewed WITS partner name: its ISO3 code, or None for names that are not one economy."""
    return dict(_load(NAMES_FILE)[0])


def partner_reasons_without_iso3() -> dict[str, str]:
    """Why each name mapped to None has no ISO3 code."""
    return dict(_load(NAMES_FILE)[1])


def map_partner_names(names: Iterable[str], file: str | Path | None = None) -> dict[str, str | None]:
    """ISO3 (or None) for each distinct name; raises SourceError listing every name not in the map."""
    known = partner_iso3_map()
    distinct = sorted(set(names))
    unmatched = [name for name in distinct if name not in known]
    if unmatched:
        raise SourceError(
            SOURCE,
            f"{len(unmatched)} partner names are not in {NAMES_FILE.name}: {unmatched}; review and add them",
            file=file,
        )
    return {name: known[name] for name in distinct}


@cache
def _load(path: Path) -> tuple[Mapping[str, str | None], Mapping[str, str]]:
    # Cached: the loader and the tests ask for it repeatedly, and the file never changes mid-run.
    return parse_name_map(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


def parse_name_map(document: Any, where: str) -> tuple[dict[str, str | None], dict[str, str]]:
    """Validate the loaded YAML: ISO3-shaped codes, a reason for every unmapped name, no name twice."""
    if not isinstance(document, dict) or set(document) != {"iso3", "no_iso3"}:
        raise ValueError(f"{where}: expected exactly the sections 'iso3' and 'no_iso3'")
    coded, uncoded = document["iso3"] or {}, document["no_iso3"] or {}
    for name, code in coded.items():
        if not isinstance(code, str) or not ISO3.fullmatch(code):
            raise ValueError(f"{where}: {name!r} maps to {code!r}, not 3 capital letters")
    for name, reason in uncoded.items():
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(f"{where}: {name!r} has no ISO3 and no reason why")
    both = sorted(set(coded) & set(uncoded))
    if both:
        raise ValueError(f"{where}: {both} are in both 'iso3' and 'no_iso3'")
    mapping: dict[str, str | None] = {**{str(k): v for k, v in coded.items()}, **dict.fromkeys(map(str, uncoded))}
    return mapping, {str(name): " ".join(reason.split()) for name, reason in uncoded.items()}
