"""Bring one source's files into the landing zone, from the publisher, a snapshot or the sample."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from sources._common.errors import SourceError
from sources._common.http import HttpClient
from sources._common.landing import LandedFile, LandingZone
from sources._common.sample_scale import scale_from_env
from sources._common.snapshot import find_snapshot_files
from sources._common.spec import SourceSpec

MODES = ("sample", "snapshot", "live")
Log = Callable[[str], None]


def land_source(
    spec: SourceSpec,
    mode: str,
    zone: LandingZone,
    *,
    snapshot_dir: Path | None = None,
    sample_dir: Path | None = None,
    client_factory: Callable[[str], HttpClient] | None = None,
    log: Log = lambda message: None,
) -> list[LandedFile]:
    if mode == "sample":
        if sample_dir is None:
            raise ValueError("sample mode needs a sample_dir to write the sample into")
        _clear_previous_sample(spec, Path(sample_dir))
        spec.write_sample(Path(sample_dir), scale=scale_from_env())
        return _land_folder(spec, sample_dir, zone, origin="sample", log=log)
    if mode == "snapshot":
        if not snapshot_dir:
            raise SourceError(spec.name, "snapshot mode needs a snapshot folder (--snapshot DIR)")
        return _land_folder(spec, Path(snapshot_dir), zone, origin="snapshot", log=log)
    if mode == "live":
        factory = client_factory or (lambda source: HttpClient(source, show_progress=sys.stderr.isatty()))
        return _land_live(spec, zone, factory, log)
    raise ValueError(f"mode must be one of {MODES}, not {mode!r}")


def _clear_previous_sample(spec: SourceSpec, sample_dir: Path) -> None:
    """Remove this source's files from an earlier sample, which may have had more files (a larger
    scale writes more years and indicators); only files the source's own patterns match go, since
    two sources can share a folder."""
    folder = sample_dir / spec.snapshot_folder
    if not folder.is_dir():
        return
    for dataset in spec.datasets:
        for pattern in dataset.snapshot_globs:
            for path in folder.rglob(pattern):
                if path.is_file():
                    path.unlink()


def _land_folder(spec: SourceSpec, folder: Path, zone: LandingZone, origin: str, log: Log) -> list[LandedFile]:
    landed = []
    batch = uuid.uuid4().hex
    for dataset, path in find_snapshot_files(spec, folder):
        record = zone.land_file(
            path, source=spec.name, dataset=dataset, origin=origin, vintage_of=spec.read_vintage, batch=batch
        )
        landed.append(record)
    log(_summary("landed", landed, folder))
    return landed


def _summary(verb: str, landed: list[LandedFile], origin: object) -> str:
    vintages = ", ".join(sorted({str(f.vintage) for f in landed}))
    return f"{verb} {len(landed)} files, {sum(f.size for f in landed):,} bytes from {origin} (vintages: {vintages})"


def _land_live(spec: SourceSpec, zone: LandingZone, client_factory: Callable[[str], HttpClient], log: Log):
    landed = []
    batch = uuid.uuid4().hex
    with client_factory(spec.name) as client:
        for download in spec.fetch_live(client):
            record = zone.land_bytes(
                download.content,
                source=spec.name,
                dataset=download.dataset,
                original_name=download.file_name,
                url=download.url,
                origin="live",
                vintage_of=spec.read_vintage,
                batch=batch,
            )
            log(f"downloaded {download.file_name} ({record.size:,} bytes, vintage {record.vintage})")
            landed.append(record)
    log(_summary("downloaded", landed, spec.publisher))
    for dataset in spec.datasets:
        if dataset.live:
            continue
        # The publisher offers no file URL: reuse the newest copy a snapshot refresh landed.
        previous = zone.latest(spec.name, dataset.name)
        if not previous:
            raise SourceError(
                spec.name,
                f"dataset {dataset.name!r} has no download URL and was never landed; refresh once with --snapshot",
            )
        log(f"reused {len(previous)} file(s) of {dataset.name!r} landed {previous[0].retrieved_at} (no download URL)")
        landed.extend(previous)
    return landed
