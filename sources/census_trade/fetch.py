"""Live download of Census ``country.xlsx`` (one workbook, every year since 1985)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from sources._common.errors import FetchError
from sources._common.http import HttpClient
from sources._common.spec import Download
from sources.census_trade.settings import COUNTRY_URL

SOURCE = "census_trade"


def fetch_country_workbook(client: HttpClient) -> Iterator[Download]:
    body = client.download(COUNTRY_URL, dataset="country")
    # census.gov answers a moved page or a maintenance window with HTML and status 200.
    if not zipfile.is_zipfile(io.BytesIO(body)):
        raise FetchError(SOURCE, f"dataset 'country': {COUNTRY_URL} did not return a workbook ({body[:80]!r})")
    yield Download(dataset="country", file_name="country.xlsx", url=COUNTRY_URL, content=body)
