"""Where and how the US International Trade Commission publishes DataWeb (see shared/data/MANIFEST.md)."""

HOMEPAGE = "https://dataweb.usitc.gov/"
# The query API behind the web application: POST a query object, get the report as JSON. It needs a
# DataWeb account's bearer token, read from HEMI_USITC_DATAWEB_API_KEY (sources/_common/http.py).
API_BASE_URL = "https://datawebws.usitc.gov/dataweb"
RUN_REPORT_URL = f"{API_BASE_URL}/api/v2/report2/runReport"
LICENCE = "Public domain (US Government work: USITC DataWeb, from official US Census Bureau trade statistics)"
# DataWeb loads each month's Census trade data (FT-900) early the following month; a full year is final
# with the annual revision each June. The warehouse takes full years only.
CADENCE = "yearly (full years; monthly updates are not taken)"
# The years asked of the API: DataWeb's full years from the first the warehouse keeps to the one before
# the current. A year DataWeb has not published comes back all zero and is dropped by the parser.
FIRST_YEAR = 2020
