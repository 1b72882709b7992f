"""Every source the warehouse loads, in one place (the `--only` names and the asset groups)."""

from sources.census_trade import SOURCE as CENSUS_TRADE
from sources.reference import SOURCE as REFERENCE
from sources.trade_agreements import SOURCE as TRADE_AGREEMENTS
from sources.wits import SOURCE as WITS
from sources.worldbank import SOURCE as WDI

SOURCES = (REFERENCE, WDI, CENSUS_TRADE, WITS, TRADE_AGREEMENTS)
SOURCE_NAMES = tuple(spec.name for spec in SOURCES)
