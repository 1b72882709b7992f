"""The WDI indicators Hemisphere loads, read from ``indicators.yaml`` beside this module.

The YAML is the one place where a code gets its unit, topic, plan points and plausible range;
fetching, the sample, the quality gate and the marts all read it through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

REGISTRY_FILE = Path(__file__).with_name("indicators.yaml")

TOPICS = frozenset(
    {"trade", "fdi", "remittances", "migration", "macro", "labour", "poverty", "governance", "security", "agriculture"}
)
# P1-P5: the five-point plan of "Reengaging with Latin American Partners"; T1-T4: its trade questions.
PLAN_POINTS = frozenset({"P1", "P2", "P3", "P4", "P5", "T1", "T2", "T3", "T4"})
_REQUIRED_KEYS = ("code", "name", "unit", "topic", "plan_points", "valid_min", "valid_max", "description")


class RegistryError(ValueError):
    """indicators.yaml does not describe a usable set of indicators."""


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    topic: str
    plan_points: tuple[str, ...]
    valid_min: float | None
    valid_max: float | None
    description: str


def load_registry() -> tuple[Indicator, ...]:
    """Every registered indicator, in file order; raises RegistryError naming the bad entry."""
    return _load(REGISTRY_FILE)


def registry_frame() -> pd.DataFrame:
    """The registry as a table, one row per indicator, plan points joined with commas."""
    indicators = load_registry()
    return pd.DataFrame(
        {
            "indicator_code": [i.code for i in indicators],
            "indicator_name": [i.name for i in indicators],
            "unit": [i.unit for i in indicators],
            "topic": [i.topic for i in indicators],
            "plan_points": [",".join(i.plan_points) for i in indicators],
            "valid_min": pd.array([i.valid_min for i in indicators], dtype="Float64").astype("float64"),
            "valid_max": pd.array([i.valid_max for i in indicators], dtype="Float64").astype("float64"),
            "description": [i.description for i in indicators],
        }
    )


@cache
def _load(path: Path) -> tuple[Indicator, ...]:
    # Cached: the quality gate and the loader each ask for it, and the file never changes mid-run.
    return parse_registry(yaml.safe_load(path.read_text(encoding="utf-8")), source=str(path))


def parse_registry(entries: Any, source: str = "indicators.yaml") -> tuple[Indicator, ...]:
    """Validate already-loaded YAML; separate from file reading so tests can feed bad entries."""
    if not isinstance(entries, list) or not entries:
        raise RegistryError(f"{source}: expected a non-empty list of indicators")
    indicators = tuple(_indicator(entry, position, source) for position, entry in enumerate(entries, start=1))
    seen: set[str] = set()
    for indicator in indicators:
        if indicator.code in seen:
            raise RegistryError(f"{source}: indicator {indicator.code} is listed twice")
        seen.add(indicator.code)
    return indicators


def _indicator(entry: Any, position: int, source: str) -> Indicator:
    where = f"{source}: entry {position}"
    if not isinstance(entry, dict):
        raise RegistryError(f"{where} is not a mapping")
    where = f"{where} ({entry.get('code', '?')})"
    missing = [key for key in _REQUIRED_KEYS if key not in entry]
    unknown = sorted(set(entry) - set(_REQUIRED_KEYS))
    if missing or unknown:
        raise RegistryError(f"{where}: missing keys {missing}, unknown keys {unknown}")
    for key in ("code", "name", "unit", "description"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise RegistryError(f"{where}: {key} must be a non-empty string")
    if entry["topic"] not in TOPICS:
        raise RegistryError(f"{where}: topic {entry['topic']!r} is not one of {sorted(TOPICS)}")
    plan_points = entry["plan_points"]
    if not isinstance(plan_points, list) or not plan_points:
        raise RegistryError(f"{where}: plan_points must be a non-empty list")
    unknown_points = [point for point in plan_points if point not in PLAN_POINTS]
    if unknown_points:
        raise RegistryError(f"{where}: unknown plan points {unknown_points}; known: {sorted(PLAN_POINTS)}")
    valid_min = _bound(entry["valid_min"], "valid_min", where)
    valid_max = _bound(entry["valid_max"], "valid_max", where)
    if valid_min is not None and valid_max is not None and not valid_min < valid_max:
        raise RegistryError(f"{where}: valid_min {valid_min} must be below valid_max {valid_max}")
    return Indicator(
        code=entry["code"].strip(),
        name=entry["name"].strip(),
        unit=entry["unit"].strip(),
        topic=entry["topic"],
        plan_points=tuple(plan_points),
        valid_min=valid_min,
        valid_max=valid_max,
        description=entry["description"].strip(),
    )


def _bound(value: Any, key: str, where: str) -> float | None:
    if value is None:
        return None
    # YAML reads "1.0e+5" as a float but "1e5" as a string, so accept numeric strings too.
    if isinstance(value, bool):
        raise RegistryError(f"{where}: {key} must be a number or null, not {value!r}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise RegistryError(f"{where}: {key} must be a number or null, not {value!r}") from None
