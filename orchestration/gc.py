"""Keep the landing zone to what is needed: quarantine failed landings, and prune by a retention rule.

A refresh that fails moves the files it landed out of ``HEMI_HOME/raw`` into
``HEMI_HOME/quarantine/<source>/<time>/`` (with ``REASON.txt``), except the files the published
warehouse was built from, and points the source back at those. So a bad release never sits among
good files, and ``raw/`` does not grow with every failed attempt.

`hemi gc` (a dry run unless ``--apply``) deletes, and says how many bytes:

- every landed file that is neither in the lineage of the published warehouse (or of
  ``hemisphere.previous.duckdb``, the one it replaced) nor in the last ``keep_landings`` complete
  landings of its source (default 3);
- quarantine folders older than ``quarantine_days`` (default 30);
- temporary files left by a landing that was killed mid-write.

The manifest is a log and keeps every line; a line whose file was pruned simply has no file.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.warehouse import WarehouseFiles, writer_lock
from sources._common.landing import LandedFile, LandingZone

DEFAULT_KEEP_LANDINGS = 3
DEFAULT_QUARANTINE_DAYS = 30


@dataclass(frozen=True)
class Deletion:
    path: Path
    size: int
    why: str


def published_lineage(home: Path) -> dict[str, list[LandedFile]]:
    """Per source, the landed files the published warehouse (and the one it replaced) were built from."""
    files = WarehouseFiles(home)
    lineage: dict[str, list[LandedFile]] = {}
    for path in (files.published, files.previous):
        if not path.exists():
            continue
        try:
            with duckdb.connect(str(path), read_only=True) as con:
                rows = con.execute(
                    "select source, dataset, original_name, sha256, size, url, retrieved_at, vintage, origin "
                    "from meta.landed_files"
                ).fetchall()
        except duckdb.Error:
            continue
        for source, dataset, name, sha, size, url, retrieved_at, vintage, origin in rows:
            lineage.setdefault(source, []).append(
                LandedFile(
                    source=source, dataset=dataset, path=str(home / "raw" / source / sha / name),
                    original_name=name, sha256=sha, size=size, url=url, retrieved_at=retrieved_at,
                    vintage=vintage, origin=origin,
                )
            )
    return lineage


def quarantine_attempt(home: Path, sources: list[str] | tuple[str, ...], since: str, reason: str) -> list[Path]:
    """After a failed refresh: move the files it landed (at or after ``since``, ISO UTC) that the published
    warehouse does not use into the quarantine, and point each source back at its published files."""
    zone = LandingZone(home / "raw")
    lineage = published_lineage(home)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folders = []
    for source in sources:
        kept = {f.sha256 for f in lineage.get(source, [])}
        attempt = [f for f in zone.entries(source) if f.retrieved_at >= since and f.sha256 not in kept]
        if not attempt:
            continue
        folder = zone.quarantine(source, attempt, reason, stamp)
        if folder is not None:
            folders.append(folder)
        current = _current_lineage(home, source) or []
        zone.restore_complete(source, [f for f in current if f.file.exists()])
    return folders


def _current_lineage(home: Path, source: str) -> list[LandedFile] | None:
    published = WarehouseFiles(home).published
    if not published.exists():
        return None
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            rows = con.execute(
                "select dataset, original_name, sha256, size, url, retrieved_at, vintage, origin "
                "from meta.landed_files where source = ?",
                [source],
            ).fetchall()
    except duckdb.Error:
        return None
    return [
        LandedFile(source=source, dataset=dataset, path=str(home / "raw" / source / sha / name), original_name=name,
                   sha256=sha, size=size, url=url, retrieved_at=retrieved_at, vintage=vintage, origin=origin)
        for dataset, name, sha, size, url, retrieved_at, vintage, origin in rows
    ]


def plan_gc(
    home: Path,
    keep_landings: int = DEFAULT_KEEP_LANDINGS,
    quarantine_days: int = DEFAULT_QUARANTINE_DAYS,
    now: float | None = None,
) -> list[Deletion]:
    """What `hemi gc` would delete, and why; deletes nothing."""
    now = time.time() if now is None else now
    zone = LandingZone(home / "raw")
    lineage = published_lineage(home)
    deletions: list[Deletion] = []
    raw = home / "raw"
    for source_dir in sorted(p for p in raw.iterdir() if p.is_dir()) if raw.is_dir() else []:
        source = source_dir.name
        keep = {f.sha256 for f in lineage.get(source, [])}
        for landing in zone.complete_landings(source)[-keep_landings:] if keep_landings > 0 else []:
            keep |= landing
        for entry in sorted(source_dir.iterdir()):
            if entry.is_file() and entry.name.startswith(".landing-"):
                deletions.append(Deletion(entry, entry.stat().st_size, "left by a landing that was interrupted"))
            elif entry.is_dir() and entry.name not in keep:
                deletions.append(Deletion(entry, _size(entry), f"{source}: not published, not in the last "
                                                               f"{keep_landings} complete landings"))
    quarantine = home / "quarantine"
    if quarantine.is_dir():
        cutoff = now - quarantine_days * 86400
        for folder in sorted(quarantine.glob("*/*")):
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                deletions.append(Deletion(folder, _size(folder), f"quarantined more than {quarantine_days} days ago"))
    return deletions


def apply_gc(home: Path, deletions: list[Deletion]) -> int:
    """Delete what ``plan_gc`` listed, holding the writer lock so no refresh lands meanwhile; bytes freed."""
    freed = 0
    with writer_lock(home, holder="hemi gc"):
        for item in deletions:
            if item.path.is_dir():
                for path in item.path.rglob("*"):
                    if path.is_file():
                        path.chmod(0o644)  # landed files are read-only
                shutil.rmtree(item.path)
            elif item.path.exists():
                item.path.unlink()
            freed += item.size
    for empty in sorted((home / "quarantine").glob("*"), reverse=True) if (home / "quarantine").is_dir() else []:
        if empty.is_dir() and not any(empty.iterdir()):
            empty.rmdir()
    return freed


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
