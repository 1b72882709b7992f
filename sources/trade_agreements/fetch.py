"""Live download of the WTO's list of all regional trade agreements from the RTA-IS export endpoint."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from sources._common.errors import FetchError
from sources._common.http import HttpClient
from sources._common.spec import Download
from sources.trade_agreements.settings import EXPORT_URL

SOURCE = "trade_agreements"


def fetch_all_rtas(client: HttpClient) -> Iterator[Download]:
    body = client.download(EXPORT_URL, dataset="rta")
    # The endpoint builds the workbook on request; when it cannot, it answers an HTML page with 200.
    if not zipfile.is_zipfile(io.BytesIO(body)):
        raise FetchError(SOURCE, f"dataset 'rta': {EXPORT_URL} did not return a workbook ({body[:80]!r})")
    yield Download(dataset="rta", file_name="AllRTAs.xlsx", url=EXPORT_URL, content=body)
