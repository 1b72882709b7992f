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
            matches = [_one_release(spec, dataset.name, matches)]
        found.extend((dataset.name, path) for path in matches)
    return found


def _one_release(spec: SourceSpec, dataset: str, candidates: list[Path]) -> Path:
    """Of two or more files for a one-file dataset, the one with the newest vintage.

    Two releases side by side are fine when their vintages say which is newer; when the newest
    vintage is shared, or cannot be read, the choice would be a guess, so the refresh refuses and
    names the files rather than letting the order of their names decide.
    """
    dated: list[tuple[str, Path]] = []
    for path in candidates:
        try:
            vintage = spec.read_vintage(path)
        except Exception:
            vintage = None
        if not vintage:
            raise SourceError(
                spec.name,
                f"{len(candidates)} files for dataset {dataset!r} and {path.name} carries no vintage to tell "
                f"which is newer: {_names(candidates)}; keep only the release to load",
                file=path,
            )
        dated.append((vintage, path))
    dated.sort(key=lambda item: item[0], reverse=True)
    newest_vintage, newest = dated[0]
    tied = [path for vintage, path in dated if vintage == newest_vintage]
    if len(tied) > 1:
        raise SourceError(
            spec.name,
            f"ambiguous input: {len(tied)} files for dataset {dataset!r} with the same vintage {newest_vintage}: "
            f"{_names(tied)}; keep only the one to load",
            file=tied[0],
        )
    return newest


def _names(paths: list[Path]) -> str:
    return ", ".join(str(path) for path in sorted(paths))
