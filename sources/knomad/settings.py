"""Where KNOMAD (the World Bank's Global Knowledge Partnership on Migration and Development) publishes."""

HOMEPAGE = "https://www.knomad.org/data/remittances"
# KNOMAD files sit under a folder named for the month of upload and change name at every release;
# the links recorded for our snapshot (see shared/data/MANIFEST.md) are kept here for reference.
# Since early 2025 the legacy links answer with a landing page instead of the file, so neither
# dataset is downloaded in live mode: a live refresh reuses the newest snapshot landing.
BILATERAL_MATRIX_URL = "https://www.knomad.org/sites/default/files/2022-12/bilateral_remittance_matrix_2021_0.xlsx"
INWARD_FLOWS_PAGE = "https://www.knomad.org/data/remittances"
LICENCE = "World Bank/KNOMAD data, cite 'World Bank-KNOMAD' and the release (World Bank default CC BY 4.0)"
# Inward flows are revised with each Migration and Development Brief (June and December).
CADENCE = "twice a year"
