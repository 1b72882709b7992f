"""Live WDI refresh against a stand-in for the World Bank API: what it lands and what it parses."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import httpx
import pytest

from sources._common.errors import FetchError
from sources._common.http import HttpClient
from sources._common.land import land_source
from sources._common.landing import LandingZone
from sources.worldbank import SOURCE
from sources.worldbank.registry import load_registry
from sources.worldbank.sample import write_sample


def _api_zips(tmp_path: Path) -> dict[str, bytes]:
    """What the API would return: one zip per indicator, built from the sample's CSV files."""
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


def test_live_refresh_lands_one_zip_per_indicator_and_parses_them(tmp_path):
    zips = _api_zips(tmp_path)
    requested = []

    def handler(request: httpx.Request) -> httpx.Response:
        code = request.url.path.rsplit("/", 1)[-1]
        requested.append(str(request.url))
        if code not in zips:
            return httpx.Response(200, content=b"<?xml version='1.0'?><wb:error>Invalid value</wb:error>")
        return httpx.Response(200, content=zips[code])

    csv_codes = set(zips)
    zone = LandingZone(tmp_path / "raw")
    factory = lambda source: HttpClient(source, transport=httpx.MockTransport(handler), backoff_initial_s=0.01)  # noqa: E731
    with pytest.raises(FetchError, match="did not return a zip"):
        # The registry also names indicators the sample ships as Excel, which the stand-in lacks.
        land_source(SOURCE, "live", zone, client_factory=factory)
    assert all("downloadformat=csv" in url for url in requested)

    from sources.worldbank.fetch import fetch_indicators

    with factory("wdi") as client:
        downloads = list(fetch_indicators(client, codes=sorted(csv_codes)))
    landed = [
        zone.land_bytes(d.content, source="wdi", dataset=d.dataset, original_name=d.file_name, url=d.url,
                        origin="live", vintage_of=SOURCE.read_vintage)
        for d in downloads
    ]
    assert all(record.vintage == "2025-01-01" for record in landed)
    tables = SOURCE.load(landed)
    assert set(tables["wdi_values"]["indicator_code"]) == csv_codes
    assert set(tables["wdi_values"]["raw_sha256"]) == {record.sha256 for record in landed}
    assert {i.code for i in load_registry()} >= csv_codes
