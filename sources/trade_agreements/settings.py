"""Where the WTO publishes its Regional Trade Agreements database (see shared/data/MANIFEST.md)."""

# RTA-IS's "Export all RTAs" is an export endpoint, not a file: an ASP.NET page that answers with
# the workbook AllRTAs.xlsx (sheets AllRTAs and RTA Changes) built at the time of the request.
EXPORT_URL = "https://rtais.wto.org/UI/ExportAllRTAList.aspx"
HOMEPAGE = "https://rtais.wto.org/"
LICENCE = "WTO terms of use: free for non-commercial use with attribution"
# The database changes whenever members notify an agreement or a change to one: several times a
# month, with no release calendar. A monthly refresh is enough for the marts that use it.
CADENCE = "as agreements change (checked monthly)"
