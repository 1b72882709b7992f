"""Live downloads: bounded retries on what a busy publisher does, immediate failure on the rest."""

from __future__ import annotations

import httpx
import pytest

from sources._common.errors import FetchError
from sources._common.http import HttpClient, redact_url


def _client(handler, attempts: int = 4) -> HttpClient:
    transport = httpx.MockTransport(handler)
    return HttpClient("test", transport=transport, max_attempts=attempts, backoff_initial_s=0.01, backoff_max_s=0.02)


def test_rate_limits_and_server_errors_are_retried_until_the_file_arrives():
    answers = iter([429, 503, 500, 200])
    calls = []

    def handler(request):
        calls.append(request.url)
        status = next(answers)
        return httpx.Response(status, content=b"payload" if status == 200 else b"busy")

    with _client(handler) as client:
        assert client.download("https://publisher.example/data.zip", dataset="data") == b"payload"
    assert len(calls) == 4


def test_retries_are_bounded_and_the_error_names_dataset_and_url():
    with _client(lambda request: httpx.Response(503), attempts=3) as client, pytest.raises(FetchError) as error:
        client.download("https://publisher.example/data.zip", dataset="indicator X")
    message = str(error.value)
    assert "indicator X" in message and "https://publisher.example/data.zip" in message and "3 attempts" in message


def test_not_found_fails_at_once_without_retrying():
    calls = []

    def handler(request):
        calls.append(request)
        return httpx.Response(404)

    with _client(handler) as client, pytest.raises(FetchError, match="HTTP 404"):
        client.download("https://publisher.example/moved.zip", dataset="moved")
    assert len(calls) == 1


def test_timeouts_are_retried():
    answers = iter(["timeout", "ok"])

    def handler(request):
        if next(answers) == "timeout":
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(200, content=b"late but whole")

    with _client(handler) as client:
        assert client.download("https://publisher.example/x", dataset="x") == b"late but whole"


def test_truncated_body_is_retried():
    answers = iter([b"half", b"the whole file"])

    def handler(request):
        body = next(answers)
        return httpx.Response(200, content=body, headers={"content-length": str(len(b"the whole file"))})

    with _client(handler) as client:
        assert client.download("https://publisher.example/x", dataset="x") == b"the whole file"


def test_api_keys_never_appear_in_errors(monkeypatch):
    monkeypatch.setenv("HEMI_CENSUS_KEY", "s3cr3t-planted-key")
    with _client(lambda request: httpx.Response(403)) as client, pytest.raises(FetchError) as error:
        client.download("https://api.example/data", dataset="trade", params={"key": "s3cr3t-planted-key"})
    assert "s3cr3t-planted-key" not in str(error.value)
    assert "REDACTED" in str(error.value)


def test_redact_url_hides_every_secret_looking_parameter():
    url = "https://api.example/v1?get=NAME&key=abc&api_key=def&token=ghi&year=2024"
    redacted = redact_url(url)
    assert "abc" not in redacted and "def" not in redacted and "ghi" not in redacted
    assert "get=NAME" in redacted and "year=2024" in redacted
