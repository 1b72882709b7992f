"""Every source the warehouse loads, in one place (the `--only` names and the asset groups)."""

from sources.cbp_encounters import SOURCE as CBP_ENCOUNTERS
from sources.census_trade import SOURCE as CENSUS_TRADE
from sources.knomad import SOURCE as KNOMAD
from sources.pew_us_favorability import SOURCE as PEW_US_FAVORABILITY
from sources.reference import SOURCE as REFERENCE
from sources.trade_agreements import SOURCE as TRADE_AGREEMENTS
from sources.unctad import SOURCE as UNCTAD
from sources.undesa_migrant_stock import SOURCE as UNDESA_MIGRANT_STOCK
from sources.usitc_dataweb import SOURCE as USITC_DATAWEB
from sources.wgi import SOURCE as WGI
from sources.wits import SOURCE as WITS
from sources.worldbank import SOURCE as WDI

SOURCES = (
    REFERENCE,
    WDI,
    CENSUS_TRADE,
    WITS,
    USITC_DATAWEB,
    TRADE_AGREEMENTS,
    WGI,
    KNOMAD,
    UNCTAD,
    UNDESA_MIGRANT_STOCK,
    PEW_US_FAVORABILITY,
    CBP_ENCOUNTERS,
)
SOURCE_NAMES = tuple(spec.name for spec in SOURCES)
