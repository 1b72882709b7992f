"""A log of refresh attempts, so `hemi status` can say when the last one failed and why.

The published warehouse only ever holds successful refreshes; a failed one leaves no trace
there, by design, so its outcome is kept beside it in ``HEMI_HOME/refresh_history.jsonl``: every
attempt, including one that stopped on a fault of the machine (a full disk, a read-only folder)
before any run started. A line that is not a refresh record (a damaged file) is skipped, never fatal.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

HISTORY_FILE = "refresh_history.jsonl"


def record_refresh_attempt(home: Path, request, outcome) -> str | None:
    """Append the attempt; returns why it could not be recorded, or None when it was."""
    return append_entry(
        home,
        {
            "run_id": outcome.run_id,
            "mode": request.mode,
            "only": list(request.only),
            "published": outcome.published,
            "up_to_date": outcome.up_to_date,
            "failure": outcome.failure,
            "quarantined": [str(folder) for folder in getattr(outcome, "quarantined", [])],
        },
    )


def record_fault(home: Path, request, message: str) -> str | None:
    """An attempt that ended on a fault before it had an outcome (no run id)."""
    return append_entry(
        home,
        {
            "run_id": "",
            "mode": request.mode,
            "only": list(request.only),
            "published": False,
            "up_to_date": False,
            "failure": message,
            "fault": True,
        },
    )


def append_entry(home: Path, entry: dict) -> str | None:
    entry = {**entry, "finished_at": datetime.now(UTC).isoformat(timespec="seconds")}
    try:
        with (home / HISTORY_FILE).open("a", encoding="utf-8") as history:
            history.write(json.dumps(entry) + "\n")
    except OSError as exc:
        return f"the attempt could not be recorded in {home / HISTORY_FILE}: {exc.strerror or exc}"
    return None


def attempts(home: Path) -> list[dict]:
    """Every readable refresh record, oldest first."""
    path = home / HISTORY_FILE
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    records = []
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and "published" in record and "failure" in record:
            records.append(record)
    return records


def last_failed_refresh(home: Path) -> dict | None:
    """The newest attempt, when it failed; None when the newest attempt was published."""
    records = attempts(home)
    if not records:
        return None
    newest = records[-1]
    return None if newest["published"] or newest.get("up_to_date") else newest
