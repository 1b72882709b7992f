"""Where the reference files are published (see shared/data/MANIFEST.md for the snapshot's provenance)."""

SCHEDULE_C_URL = "https://www.census.gov/foreign-trade/schedules/c/country.txt"
# The World Bank's data catalogue serves the current CLASS and OGHIST workbooks at these addresses.
WB_CLASS_URL = "https://datacatalogfiles.worldbank.org/ddh-published/0037712/DR0090755/CLASS.xlsx"
WB_OGHIST_URL = "https://datacatalogfiles.worldbank.org/ddh-published/0037712/DR0090754/OGHIST.xlsx"
# UNSD publishes M49 as an interactive table whose CSV export has no stable address.
M49_PAGE = "https://unstats.un.org/unsd/methodology/m49/overview/"
LICENCE = "UN M49: free use with attribution; Census: public domain; World Bank: CC BY 4.0"
# Codes and classifications change about once a year (WB income groups every 1 July).
CADENCE = "yearly"
