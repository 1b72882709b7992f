"""One HTTP client for every publisher: timeouts, bounded exponential backoff, key redaction.

Retries cover what a publisher does when busy (timeouts, connection resets, 429, 5xx); any
other status fails at once with the dataset and URL named, because retrying a 404 only hides a
changed URL. API keys travel as query parameters for some publishers (Census, BEA), so every
URL that reaches a log, a manifest or an error goes through :func:`redact_url` first.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
from tenacity import (
    RetryCallState,
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from sources._common.errors import FetchError

SECRET_PARAM = re.compile(r"(key|token|secret|password|apikey|api_key|access_token)$", re.IGNORECASE)
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
USER_AGENT = "hemisphere-warehouse/0.1 (+https://github.com/hemisphere-warehouse)"


def redact_url(url: str) -> str:
    """The URL with the value of every secret-looking query parameter replaced by ``REDACTED``."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, "REDACTED" if SECRET_PARAM.search(k) else v) for k, v in parse_qsl(parts.query, True)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="/:,")))


def secret_values() -> list[str]:
    """Values of the API keys configured in the environment, to scrub from any text we emit."""
    return [v for k, v in os.environ.items() if k.startswith("HEMI_") and k.endswith("_KEY") and v]


def api_key_env(source: str) -> str:
    """The environment variable that holds a publisher's API key, e.g. HEMI_CENSUS_TRADE_API_KEY."""
    return f"HEMI_{source.upper()}_API_KEY"


class _Retryable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


ProgressCallback = Callable[[int, int | None], None]


@dataclass
class HttpClient:
    """Downloads whole files. ``max_attempts`` and ``backoff_*`` bound the total wait."""

    source: str
    timeout_s: float = 60.0
    max_attempts: int = 5
    backoff_initial_s: float = 1.0
    backoff_max_s: float = 30.0
    transport: httpx.BaseTransport | None = None  # tests inject a MockTransport or point at 127.0.0.1
    show_progress: bool = False  # a progress bar per download, on a terminal
    api_key_param: str = "key"  # the query parameter that carries the key (Census and BEA use "key"/"UserID")
    _client: httpx.Client | None = field(default=None, init=False, repr=False)

    def __enter__(self) -> HttpClient:
        self._client = httpx.Client(
            timeout=self.timeout_s,
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
            transport=self.transport,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def download(
        self,
        url: str,
        dataset: str,
        params: dict[str, str] | None = None,
        progress: ProgressCallback | None = None,
    ) -> bytes:
        """The body of ``url``; raises :class:`FetchError` naming ``dataset`` and the redacted URL.

        When ``HEMI_<SOURCE>_API_KEY`` is set, the key is sent as ``api_key_param``; it is never
        part of anything this client logs or raises.
        """
        key = os.environ.get(api_key_env(self.source))
        if key:
            params = {**(params or {}), self.api_key_param: key}
        shown = redact_url(str(httpx.URL(url, params=params)))

        def give_up(state: RetryCallState) -> bytes:
            exc = state.outcome.exception() if state.outcome else None
            reason = exc.reason if isinstance(exc, _Retryable) else repr(exc)
            raise FetchError(
                self.source,
                f"dataset {dataset!r}: gave up after {state.attempt_number} attempts at {shown}: {reason}",
            )

        if progress is None and self.show_progress:
            return self._download_with_bar(url, dataset, params)

        @retry(
            retry=retry_if_exception(lambda e: isinstance(e, _Retryable)),
            stop=stop_after_attempt(self.max_attempts),
            wait=wait_exponential_jitter(initial=self.backoff_initial_s, max=self.backoff_max_s),
            retry_error_callback=give_up,
            reraise=False,
        )
        def attempt() -> bytes:
            return self._get_once(url, params, dataset, shown, progress)

        return attempt()

    def _download_with_bar(self, url: str, dataset: str, params: dict[str, str] | None) -> bytes:
        from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

        with Progress(*Progress.get_default_columns(), DownloadColumn(), TransferSpeedColumn(), transient=True) as bar:
            task = bar.add_task(f"{self.source}: {dataset}", total=None)
            return self.download(url, dataset, params, progress=lambda done, total: bar.update(task, completed=done,
                                                                                                total=total))

    def post_json(self, url: str, dataset: str, payload: object) -> bytes:
        """POST ``payload`` as JSON and return the body, with :meth:`download`'s retries and errors.

        For query APIs (USITC DataWeb) that take the key as a bearer token: ``HEMI_<SOURCE>_API_KEY``
        travels in the ``Authorization`` header, never in the URL, and is never logged or raised.
        """
        key = os.environ.get(api_key_env(self.source))
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        shown = redact_url(url)

        def give_up(state: RetryCallState) -> bytes:
            exc = state.outcome.exception() if state.outcome else None
            reason = exc.reason if isinstance(exc, _Retryable) else repr(exc)
            raise FetchError(
                self.source,
                f"dataset {dataset!r}: gave up after {state.attempt_number} attempts at {shown}: {reason}",
            )

        @retry(
            retry=retry_if_exception(lambda e: isinstance(e, _Retryable)),
            stop=stop_after_attempt(self.max_attempts),
            wait=wait_exponential_jitter(initial=self.backoff_initial_s, max=self.backoff_max_s),
            retry_error_callback=give_up,
            reraise=False,
        )
        def attempt() -> bytes:
            return self._get_once(url, None, dataset, shown, None, method="POST", json=payload, headers=headers)

        return attempt()

    def _get_once(
        self,
        url: str,
        params: dict[str, str] | None,
        dataset: str,
        shown: str,
        progress: ProgressCallback | None,
        method: str = "GET",
        json: object = None,
        headers: dict[str, str] | None = None,
    ) -> bytes:
        assert self._client is not None, "use HttpClient as a context manager"
        try:
            with self._client.stream(method, url, params=params, json=json, headers=headers) as response:
                if response.status_code in RETRYABLE_STATUS:
                    raise _Retryable(f"HTTP {response.status_code}")
                if response.status_code >= 400:
                    raise FetchError(
                        self.source,
                        f"dataset {dataset!r}: HTTP {response.status_code} from {shown} "
                        "(has the publisher moved or renamed the file?)",
                    )
                total = int(response.headers["content-length"]) if "content-length" in response.headers else None
                chunks: list[bytes] = []
                received = 0
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    received += len(chunk)
                    if progress:
                        progress(received, total)
                body = b"".join(chunks)
                if total is not None and received < total:
                    raise _Retryable(f"truncated body: {received} of {total} bytes")
                return body
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            # httpx puts the full URL, key included, into some messages: keep only the class.
            raise _Retryable(f"{type(exc).__name__}: {redact_text(redact_url_in_text(str(exc)))}") from None


def redact_url_in_text(text: str) -> str:
    return re.sub(r"https?://\S+", lambda m: redact_url(m.group(0)), text)


def redact_text(text: str) -> str:
    for value in secret_values():
        text = text.replace(value, "REDACTED")
    return text
