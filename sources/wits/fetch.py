"""WITS has no stable file address for the trade summary export, so there is nothing to download.

The dataset is declared ``live=False``: a live refresh reuses the newest copy a snapshot refresh
landed (see ``sources/_common/land.py``) and says so in its log.
"""

from __future__ import annotations

from collections.abc import Iterator

from sources._common.http import HttpClient
from sources._common.spec import Download


def fetch_nothing(client: HttpClient) -> Iterator[Download]:
    yield from ()
