"""The landing zone: every downloaded or replayed file, kept as is, addressed by its sha256.

Layout under ``HEMI_HOME/raw``::

    <source>/<sha256>/<original file name>     read-only, never modified by a refresh
    <source>/COMPLETE.json                     the files of the last complete landing: what the next parse reads
    <source>/complete_history.jsonl            the sha256s of every complete landing (for `hemi gc`)
    manifest.jsonl                             one JSON line per landing, append-only

A refresh that fails moves the files it landed (those the published warehouse was not built from)
to ``HEMI_HOME/quarantine/<source>/<time>/`` with a reason file; `hemi gc` prunes old quarantines and
files no longer needed (``orchestration/gc.py``).

Keeping the publisher's bytes (after OWID's snapshots) means any published number can be
traced back to the file it came from, and a failed parse never loses the download.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from sources._common.file_checks import FILE_LIMIT_ENV, READ_PIECE, SizeLimits, check_file_kind, too_large
from sources._common.http import redact_url

ORIGINS = ("live", "snapshot", "sample")
COMPLETE_HISTORY = "complete_history.jsonl"


@dataclass(frozen=True)
class LandedFile:
    source: str
    dataset: str
    path: str  # absolute path inside the landing zone
    original_name: str
    sha256: str
    size: int
    url: str  # publisher URL (secrets redacted) or file:// of the snapshot it was replayed from
    retrieved_at: str  # ISO 8601, UTC
    vintage: str | None  # the publisher's version of the data; "sample" for the bundled sample
    origin: str  # live | snapshot | sample
    batch: str = ""  # one id per landing of a source: the files one refresh brought in together

    @property
    def file(self) -> Path:
        return Path(self.path)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_dict(cls, record: dict) -> LandedFile:
        return cls(**{k: record[k] for k in cls.__dataclass_fields__ if k in record})


class LandingZone:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.manifest_path = self.root / "manifest.jsonl"
        self._vintages: dict[tuple[str, str], str] | None = None  # (source, sha256) -> vintage, read once
        self._landed_shas: set[tuple[str, str]] | None = None  # (source, sha256) of every landing, read once

    def land_bytes(
        self,
        data: bytes,
        *,
        source: str,
        dataset: str,
        original_name: str,
        url: str,
        origin: str,
        vintage_of: Callable[[Path], str | None] | None = None,
        batch: str = "",
    ) -> LandedFile:
        """Keep ``data`` and record it. ``vintage_of`` reads the publisher's version from the file.

        If the file is not what its name says, or reading the vintage fails, the file stays on disk
        and in the manifest (vintage null) before the error propagates: a bad download is kept for
        inspection (a failed refresh then moves it to the quarantine), never lost.
        """
        limits = SizeLimits.from_env()
        if len(data) > limits.max_file_bytes:
            raise too_large(source, "the file", len(data), limits.max_file_bytes, FILE_LIMIT_ENV, original_name)
        def write(out: IO[bytes]) -> str:
            out.write(data)
            return hashlib.sha256(data).hexdigest()

        return self._land(
            write,
            source=source, dataset=dataset, original_name=original_name, url=url, origin=origin,
            vintage_of=vintage_of, batch=batch, limits=limits,
        )

    def land_file(
        self,
        path: Path,
        *,
        source: str,
        dataset: str,
        origin: str,
        vintage_of: Callable[[Path], str | None] | None = None,
        batch: str = "",
    ) -> LandedFile:
        """Replay a file from a snapshot folder as if it had just been downloaded.

        Copied and hashed a piece at a time, so a large file never has to fit in memory, and refused
        as soon as it passes the file size limit.
        """
        path = Path(path).resolve()
        limits = SizeLimits.from_env()

        def copy(out) -> str:
            digest = hashlib.sha256()
            copied = 0
            with path.open("rb") as source_file:
                while piece := source_file.read(READ_PIECE):
                    copied += len(piece)
                    if copied > limits.max_file_bytes:
                        raise too_large(source, "the file", copied, limits.max_file_bytes, FILE_LIMIT_ENV, path)
                    digest.update(piece)
                    out.write(piece)
            return digest.hexdigest()

        return self._land(
            copy, source=source, dataset=dataset, original_name=path.name, url=path.as_uri(), origin=origin,
            vintage_of=vintage_of, batch=batch, limits=limits,
        )

    def _land(
        self,
        write: Callable[[IO[bytes]], str],
        *,
        source: str,
        dataset: str,
        original_name: str,
        url: str,
        origin: str,
        vintage_of: Callable[[Path], str | None] | None,
        batch: str,
        limits: SizeLimits,
    ) -> LandedFile:
        if origin not in ORIGINS:
            raise ValueError(f"origin must be one of {ORIGINS}, not {origin!r}")
        staging = self.root / source
        staging.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a killed refresh never leaves a half file under a valid hash.
        with tempfile.NamedTemporaryFile(dir=staging, prefix=".landing-", delete=False) as tmp:
            try:
                digest = write(tmp)
                tmp.flush()
                os.fsync(tmp.fileno())
            except BaseException:
                tmp.close()
                os.unlink(tmp.name)
                raise
        size = os.path.getsize(tmp.name)
        target = self.root / source / digest / Path(original_name).name
        if target.exists():
            os.unlink(tmp.name)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(tmp.name, 0o444)
            os.replace(tmp.name, target)
        vintage, failure = None, None
        known = self.known_vintage(source, digest) if origin != "sample" else None
        if known is not None:
            vintage = known  # the same bytes passed before: skip re-reading (and re-expanding) a large workbook
        else:
            try:
                check_file_kind(source, target, original_name, limits)
                if origin == "sample":
                    vintage = "sample"  # marks every row built from the bundled sample
                elif vintage_of is not None:
                    vintage = vintage_of(target)
            except Exception as exc:
                failure = exc
        landed = LandedFile(
            source=source,
            dataset=dataset,
            path=str(target.resolve()),
            original_name=Path(original_name).name,
            sha256=digest,
            size=size,
            url=redact_url(url),
            retrieved_at=datetime.now(UTC).isoformat(timespec="seconds"),
            vintage=vintage,
            origin=origin,
            batch=batch,
        )
        self._append(landed)
        if failure is not None:
            raise failure
        return landed

    def entries(self, source: str | None = None) -> Iterator[LandedFile]:
        if not self.manifest_path.exists():
            return
        with self.manifest_path.open(encoding="utf-8") as manifest:
            for line in manifest:
                if line.strip():
                    record = LandedFile.from_dict(json.loads(line))
                    if source is None or record.source == source:
                        yield record

    def latest(self, source: str, dataset: str) -> list[LandedFile]:
        """The files of the most recent landing of ``dataset`` that are still on disk.

        A landing is the set of files one refresh brought in for the dataset (one file, or one
        per year or indicator); a file that a later release dropped does not come back.
        """
        batches: dict[str, dict[str, LandedFile]] = {}
        newest = ""
        for record in self.entries(source):
            if record.dataset == dataset and record.file.exists():
                batches.setdefault(record.batch, {})[record.original_name] = record
                newest = record.batch
        return sorted(batches[newest].values(), key=lambda r: r.original_name) if batches else []

    def known_vintage(self, source: str, sha256: str) -> str | None:
        """The vintage already read from these bytes at an earlier landing (None for the sample or new bytes)."""
        if self._vintages is None:
            self._vintages = {
                (e.source, e.sha256): e.vintage for e in self.entries() if e.origin != "sample" and e.vintage
            }
        return self._vintages.get((source, sha256))

    def has_landed(self, source: str, sha256: str) -> bool:
        """Whether these bytes were ever landed for ``source`` (from any origin)."""
        if self._landed_shas is None:
            self._landed_shas = {(e.source, e.sha256) for e in self.entries()}
        return (source, sha256) in self._landed_shas

    def mark_complete(self, source: str, landed: list[LandedFile]) -> None:
        """Point ``source`` at ``landed``: the files its next parse reads.

        Only a landing that brought in every dataset is marked, so a download that failed half-way
        never becomes what the warehouse is built from; the manifest still lists its files.
        """
        pointer = self.root / source / "COMPLETE.json"
        pointer.parent.mkdir(parents=True, exist_ok=True)
        tmp = pointer.with_suffix(".tmp")
        tmp.write_text(json.dumps([asdict(f) for f in landed], sort_keys=True, indent=1), encoding="utf-8")
        os.replace(tmp, pointer)
        # The retention rule (`hemi gc`) keeps the files of the last few complete landings.
        with (self.root / source / COMPLETE_HISTORY).open("a", encoding="utf-8") as history:
            marked = datetime.now(UTC).isoformat(timespec="seconds")
            history.write(json.dumps({"marked_at": marked, "sha256s": sorted({f.sha256 for f in landed})}) + "\n")

    def complete_landings(self, source: str) -> list[set[str]]:
        """The sha256s of each complete landing of ``source``, oldest first."""
        path = self.root / source / COMPLETE_HISTORY
        landings = []
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    landings.append(set(json.loads(line)["sha256s"]))
                except (ValueError, KeyError, TypeError):
                    continue
        current = {f.sha256 for f in self.last_complete(source)}
        if current and (not landings or landings[-1] != current):
            landings.append(current)
        return landings

    def quarantine(self, source: str, files: list[LandedFile], reason: str, stamp: str) -> Path | None:
        """Move ``files`` out of the landing zone into ``quarantine/<source>/<stamp>/`` with a reason file.

        A failed landing is never mixed with good files: the next parse cannot pick it up, `hemi gc`
        prunes it after the retention period, and until then a person can open it and read why.
        """
        moving = {f.sha256: f for f in files if f.file.exists()}
        if not moving:
            return None
        folder = self.root.parent / "quarantine" / source / stamp
        folder.mkdir(parents=True, exist_ok=True)
        kept = []
        for record in sorted(moving.values(), key=lambda r: r.original_name):
            name = record.original_name
            if (folder / name).exists():
                name = f"{record.sha256[:12]}-{name}"
            os.replace(record.file, folder / name)
            with contextlib.suppress(OSError):
                record.file.parent.rmdir()  # the sha256 folder, now empty
            kept.append({**asdict(record), "quarantined_as": name})
        (folder / "REASON.txt").write_text(
            f"Quarantined {stamp}: the refresh that landed these files failed, so they are kept apart from the\n"
            f"landing zone's good files. `hemi gc --apply` deletes this folder after the retention period.\n\n"
            f"Why the refresh failed:\n{reason}\n",
            encoding="utf-8",
        )
        (folder / "files.json").write_text(json.dumps(kept, indent=1, sort_keys=True), encoding="utf-8")
        return folder

    def restore_complete(self, source: str, landed: list[LandedFile]) -> None:
        """Point ``source`` back at ``landed`` (what the published warehouse was built from), without
        recording a new landing; with nothing to point at, the pointer goes."""
        pointer = self.root / source / "COMPLETE.json"
        if not landed:
            pointer.unlink(missing_ok=True)
            return
        tmp = pointer.with_suffix(".tmp")
        tmp.write_text(json.dumps([asdict(f) for f in landed], sort_keys=True, indent=1), encoding="utf-8")
        os.replace(tmp, pointer)

    def last_complete(self, source: str) -> list[LandedFile]:
        """The files of ``source``'s most recent complete landing (empty if it never landed)."""
        pointer = self.root / source / "COMPLETE.json"
        if not pointer.exists():
            return []
        return [LandedFile.from_dict(record) for record in json.loads(pointer.read_text(encoding="utf-8"))]

    def _append(self, landed: LandedFile) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        with self.manifest_path.open("a", encoding="utf-8") as manifest, _locked(manifest):
            manifest.write(landed.to_json() + "\n")
            manifest.flush()
            os.fsync(manifest.fileno())


@contextlib.contextmanager
def _locked(handle) -> Iterator[None]:
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
