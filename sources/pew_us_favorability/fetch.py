"""Download FiveThirtyEight's CSV from its data repository (the raw-file address on GitHub)."""

from __future__ import annotations

from collections.abc import Iterator

from sources._common.errors import FetchError
from sources._common.http import HttpClient
from sources._common.spec import Download
from sources.pew_us_favorability import settings

DATASET = "us_favorability"


def fetch_live(client: HttpClient) -> Iterator[Download]:
    body = client.download(settings.DATA_URL, dataset=DATASET)
    # GitHub answers a moved or missing file with an HTML page or a short text, never a 200 CSV.
    if not body.lstrip(b"\xef\xbb\xbf").startswith(b"year,avg,"):
        raise FetchError(
            "pew_us_favorability", f"dataset {DATASET!r}: {settings.DATA_URL} did not return the CSV "
            f"(it starts {body[:40]!r})",
        )  # fmt: skip
    yield Download(DATASET, settings.DATA_URL.rsplit("/", 1)[-1], settings.DATA_URL, body)
