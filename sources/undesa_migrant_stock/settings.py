"""Where the UN DESA Population Division publishes International Migrant Stock 2020, and the 2019 matrix."""

_FILES = "https://www.un.org/development/desa/pd/sites/www.un.org.development.desa.pd/files/"
BY_DESTINATION_URL = _FILES + "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
BY_ORIGIN_URL = _FILES + "undesa_pd_2020_ims_stock_by_sex_and_origin.xlsx"
CORRESPONDENCE_URL = _FILES + "aggregates_correspondence_table_2020_1.xlsx"
# Revision 2019, origin x destination: the publisher's workbook (the only layout DESA published).
# The warehouse reads a CSV derived from its Table 1 instead (see the README), which has no URL of
# its own: that dataset is snapshot-only, and a live refresh reuses its last landing.
ORIGIN_DESTINATION_2019_WORKBOOK_URL = (
    "https://www.un.org/en/development/desa/population/migration/data/estimates2/data/"
    "UN_MigrantStockByOriginAndDestination_2019.xlsx"
)
HOMEPAGE = "https://www.un.org/development/desa/pd/content/international-migrant-stock"
LICENCE = "CC BY 3.0 IGO (stated in each workbook)"
# A revision every few years (2015, 2017, 2019, 2020, 2024), estimates for every fifth year.
CADENCE = "yearly"
