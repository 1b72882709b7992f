"""The landing zone: every downloaded or replayed file, kept as is, addressed by its sha256.

Layout under ``HEMI_HOME/raw``::

    <source>/<sha256>/<original file name>     read-only, never modified or deleted by a refresh
    manifest.jsonl                             one JSON line per landing, append-only

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

from sources._common.http import redact_url

ORIGINS = ("live", "snapshot", "sample")


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

        If reading the vintage fails, the file stays on disk and in the manifest (vintage null)
        before the error propagates: a bad download is kept for inspection, never lost.
        """
        if origin not in ORIGINS:
            raise ValueError(f"origin must be one of {ORIGINS}, not {origin!r}")
        digest = hashlib.sha256(data).hexdigest()
        target = self.root / source / digest / Path(original_name).name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a killed refresh never leaves a half file under a valid hash.
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
                tmp.write(data)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.chmod(tmp.name, 0o444)
            os.replace(tmp.name, target)
        vintage, failure = None, None
        if origin == "sample":
            vintage = "sample"  # marks every row built from the bundled sample
        elif (known := self.known_vintage(source, digest)) is not None:
            vintage = known  # the same bytes have the same vintage: skip re-reading a large workbook
        elif vintage_of is not None:
            try:
                vintage = vintage_of(target)
            except Exception as exc:
                failure = exc
        landed = LandedFile(
            source=source,
            dataset=dataset,
            path=str(target.resolve()),
            original_name=Path(original_name).name,
            sha256=digest,
            size=len(data),
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
        """Replay a file from a snapshot folder as if it had just been downloaded."""
        path = Path(path).resolve()
        return self.land_bytes(
            path.read_bytes(),
            source=source,
            dataset=dataset,
            original_name=path.name,
            url=path.as_uri(),
            origin=origin,
            vintage_of=vintage_of,
            batch=batch,
        )

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
