"""Where and how the World Bank publishes WDI."""

# One zip per indicator: the data CSV plus Metadata_Country and Metadata_Indicator CSVs.
INDICATOR_DOWNLOAD_URL = "https://api.worldbank.org/v2/en/indicator/{code}"
INDICATOR_DOWNLOAD_PARAMS = {"downloadformat": "csv"}
HOMEPAGE = "https://datatopics.worldbank.org/world-development-indicators/"
LICENCE = "CC BY 4.0 (World Bank datasets terms of use)"
# WDI is refreshed several times a year; the "Last Updated Date" inside each file is its vintage.
CADENCE = "quarterly"
