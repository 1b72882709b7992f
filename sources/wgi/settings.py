"""Where and how the World Bank publishes the Worldwide Governance Indicators."""

# One workbook, long format, every economy, indicator and year (the 2024 update changed the layout).
DATASET_URL = "https://www.worldbank.org/content/dam/sites/govindicators/doc/wgidataset.xlsx"
HOMEPAGE = "https://www.worldbank.org/en/publication/worldwide-governance-indicators"
LICENCE = "CC BY 4.0 (World Bank datasets terms of use)"
# One update a year (autumn), covering data through the previous calendar year.
CADENCE = "yearly"
