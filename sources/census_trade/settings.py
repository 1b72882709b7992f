"""Where and how the US Census Bureau publishes goods trade by country (see shared/data/MANIFEST.md)."""

# The workbook behind "U.S. Trade in Goods by Country": every year since 1985, one row per code.
COUNTRY_URL = "https://www.census.gov/foreign-trade/balance/country.xlsx"
HOMEPAGE = "https://www.census.gov/foreign-trade/balance/index.html"
LICENCE = "Public domain (US Government work, US Census Bureau Foreign Trade Division)"
# The FT-900 release, around the first week of each month, adds the month before last.
CADENCE = "monthly"
