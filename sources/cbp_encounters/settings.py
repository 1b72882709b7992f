"""Where U.S. Customs and Border Protection publishes nationwide encounters."""

# CBP posts the files on this page and replaces them every month, under a new folder and name
# (nationwide-encounters-fy21-fy24-state.csv, later ...-fy23-fy26-jun-state.csv). The link below is
# the file our snapshot holds (November 2023 posting, FY2020-FY2023); update it for a newer
# release, or refresh from a snapshot with the file downloaded from the page.
PAGE_URL = "https://www.cbp.gov/document/stats/nationwide-encounters"
STATE_FILE_URL = (
    "https://www.cbp.gov/sites/default/files/assets/documents/2023-Nov/nationwide-encounters-fy20-fy23-state.csv"
)
HOMEPAGE = PAGE_URL
LICENCE = "US Government work, public domain"
# A new file every month, covering the last three fiscal years and the current one to date.
CADENCE = "monthly"
