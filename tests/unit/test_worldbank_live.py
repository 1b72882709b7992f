"""Live WDI refresh against a stand-in for the World Bank API: what it lands and what it parses."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import httpx
import pytest

from sources._common.errors import FetchError
from sources._common.http import HttpClient
from sources._common.landing import LandingZone
from sources.worldbank import SOURCE
from sources.worldbank.fetch import fetch_indicators
from sources.worldbank.sample import write_sample


def _api_zips(tmp_path: Path) -> dict[str, bytes]:
    """What the API returns: one zip per indicator, built here from the sample's CSV files."""
    write_sample(tmp_path / "sample")
    zips = {}
    for folder in (tmp_path / "sample" / "wdi").iterdir():
        if not list(folder.glob("API_*.csv")):
            continue
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for member in folder.glob("*.csv"):
                archive.write(member, member.name)
        zips[folder.name] = buffer.getvalue()
    return zips


def _stand_in_api(zips: dict[str, bytes], requested: list[str]) -> HttpClient:
    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        code = request.url.path.rsplit("/", 1)[-1]
        if code not in zips:
            # The real API answers an unknown indicator with 200 and an XML error message.
            return httpx.Response(200, content=b"<?xml version='1.0'?><wb:error>Invalid value</wb:error>")
        return httpx.Response(200, content=zips[code])

    return HttpClient("wdi", transport=httpx.MockTransport(handler), backoff_initial_s=0.01)


def test_live_refresh_lands_one_zip_per_indicator_and_parses_them(tmp_path):
    zips = _api_zips(tmp_path)
    requested: list[str] = []
    zone = LandingZone(tmp_path / "raw")
    with _stand_in_api(zips, requested) as client:
        landed = [
            zone.land_bytes(d.content, source="wdi", dataset=d.dataset, original_name=d.file_name, url=d.url,
                            origin="live", vintage_of=SOURCE.read_vintage)
            for d in fetch_indicators(client, codes=sorted(zips))
        ]
    assert all("downloadformat=csv" in url for url in requested)
    assert all(record.vintage == "2025-01-01" for record in landed)
    tables = SOURCE.load(landed)
    assert set(tables["wdi_values"]["indicator_code"]) == set(zips)
    assert set(tables["wdi_values"]["raw_sha256"]) == {record.sha256 for record in landed}


def test_an_answer_that_is_not_a_zip_fails_naming_the_indicator(tmp_path):
    with _stand_in_api({}, []) as client, pytest.raises(FetchError, match=r"NO\.SUCH\.CODE.*did not return a zip"):
        list(fetch_indicators(client, codes=["NO.SUCH.CODE"]))
