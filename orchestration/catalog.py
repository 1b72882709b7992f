"""Every source the warehouse loads, in one place (the `--only` names and the asset groups)."""

from sources.reference import SOURCE as REFERENCE
from sources.worldbank import SOURCE as WDI

SOURCES = (REFERENCE, WDI)
SOURCE_NAMES = tuple(spec.name for spec in SOURCES)
