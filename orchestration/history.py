"""A log of refresh attempts, so `hemi status` can say when the last one failed and why.

The published warehouse only ever holds successful refreshes; a failed one leaves no trace
there, by design, so its outcome is kept beside it in ``HEMI_HOME/refresh_history.jsonl``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

HISTORY_FILE = "refresh_history.jsonl"


def record_refresh_attempt(home: Path, request, outcome) -> None:
    entry = {
        "run_id": outcome.run_id,
        "mode": request.mode,
        "only": list(request.only),
        "published": outcome.published,
        "up_to_date": outcome.up_to_date,
        "failure": outcome.failure,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    with (home / HISTORY_FILE).open("a", encoding="utf-8") as history:
        history.write(json.dumps(entry) + "\n")


def last_failed_refresh(home: Path) -> dict | None:
    """The newest attempt, when it failed; None when the newest attempt was published."""
    path = home / HISTORY_FILE
    if not path.exists():
        return None
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        return None
    newest = json.loads(lines[-1])
    return None if newest["published"] or newest.get("up_to_date") else newest
