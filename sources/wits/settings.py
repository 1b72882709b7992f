"""Where the World Bank's WITS publishes the US trade summary by partner (see shared/data/MANIFEST.md)."""

# The page whose "Download" exports one year as tr_xm_<year>.xlsx (the name our snapshot uses).
# WITS offers no stable file address behind that button, so live refreshes reuse the last snapshot.
PAGE_URL = "https://wits.worldbank.org/CountryProfile/en/Country/USA/Year/{year}/TradeFlow/EXPIMP/Partner/by-country"
HOMEPAGE = "https://wits.worldbank.org/CountryProfile/en/Country/USA/Year/2022/TradeFlow/EXPIMP/Partner/by-country"
LICENCE = "WITS terms of use (World Bank); underlying data UN Comtrade and UNCTAD TRAINS"
# One file per data year; WITS adds a year once UN Comtrade and TRAINS have it, about once a year.
CADENCE = "yearly"
