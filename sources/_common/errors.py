"""Errors that name the source, the file and the row, so a user can find the bad bytes."""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """A publisher's file that cannot be read as the publisher documents it.

    ``row`` is the 1-based line or Excel row in the original file when one is known,
    so the message points at something a person can open and look at.
    """

    def __init__(
        self,
        source: str,
        message: str,
        file: str | Path | None = None,
        row: int | str | None = None,
    ) -> None:
        self.source = source
        self.file = str(file) if file is not None else None
        self.row = row
        self.detail = message
        where = f"[{source}]"
        if self.file:
            where += f" {Path(self.file).name}"
        if row is not None:
            where += f" row {row}"
        super().__init__(f"{where}: {message}")


class FetchError(SourceError):
    """A live download that failed for good (after retries, or on a non-retryable status)."""


class ParserFault(SourceError, RuntimeError):
    """A parser failed in a way it does not word itself (a bug, or a layout nobody foresaw): still
    named by source, with the original error as its cause."""
