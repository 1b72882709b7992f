"""Find a source's files in a snapshot folder laid out like ``shared/data``.

Publishers rename files at every release (WDI's numeric suffix, a dated UNCTAD export), so
files are matched by pattern, never by exact name.
"""

from __future__ import annotations

from pathlib import Path

from sources._common.errors import SourceError
from sources._common.spec import SourceSpec


def find_snapshot_files(spec: SourceSpec, snapshot_dir: Path) -> list[tuple[str, Path]]:
    """(dataset, path) for every file of ``spec`` in ``snapshot_dir``; fails on a missing dataset."""
    folder = Path(snapshot_dir) / spec.snapshot_folder
    if not folder.is_dir():
        raise SourceError(spec.name, f"snapshot folder {folder} does not exist")
    found: list[tuple[str, Path]] = []
    for dataset in spec.datasets:
        matches = sorted({p for pattern in dataset.snapshot_globs for p in folder.rglob(pattern) if p.is_file()})
        if not matches and not dataset.required:
            continue
        if not matches:
            patterns = ", ".join(dataset.snapshot_globs)
            raise SourceError(spec.name, f"no file for dataset {dataset.name!r} in {folder} (looked for {patterns})")
        if len(matches) > 1 and not dataset.many:
            # Two releases side by side: the newest-named wins, and the choice is visible.
            matches = matches[-1:]
        found.extend((dataset.name, path) for path in matches)
    return found
