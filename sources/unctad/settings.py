"""Where and how UNCTAD publishes FDI flows and stocks (UNCTADstat table US.FdiFlowsStock)."""

# The data viewer exports a CSV of the selection the user made; its name carries the export
# timestamp (US.FdiFlowsStock_YYYYMMDD_HHMMSS.csv). There is no stable file URL, and the
# UNCTADstat API needs a registered key, so the dataset is snapshot-only: a live refresh reuses
# the newest snapshot landing.
DATA_VIEWER_URL = "https://unctadstat.unctad.org/datacentre/dataviewer/US.FdiFlowsStock"
API_DOCS_URL = "https://unctadstat.unctad.org/datacentre/api"
HOMEPAGE = DATA_VIEWER_URL
LICENCE = "UNCTADstat terms of use (free use with attribution to UNCTAD)"
# UNCTAD publishes FDI once a year with the World Investment Report (June/July).
CADENCE = "yearly"
