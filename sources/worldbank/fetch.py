"""Live download of the configured WDI indicators from the World Bank API."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from sources._common.errors import FetchError
from sources._common.http import HttpClient
from sources._common.spec import Download
from sources.worldbank.registry import load_registry
from sources.worldbank.settings import INDICATOR_DOWNLOAD_PARAMS, INDICATOR_DOWNLOAD_URL


def fetch_indicators(client: HttpClient, codes: list[str] | None = None) -> Iterator[Download]:
    for code in codes or [indicator.code for indicator in load_registry()]:
        url = INDICATOR_DOWNLOAD_URL.format(code=code)
        body = client.download(url, dataset=f"indicator {code}", params=INDICATOR_DOWNLOAD_PARAMS)
        # The API answers an unknown code with a small XML/JSON error, not a 404.
        if not zipfile.is_zipfile(io.BytesIO(body)):
            raise FetchError("wdi", f"indicator {code}: {url} did not return a zip ({body[:80]!r})")
        yield Download(
            dataset="indicator",
            file_name=f"API_{code}_DS2_en_csv_v2.zip",
            url=f"{url}?downloadformat=csv",
            content=body,
        )
