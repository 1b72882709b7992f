"""Data and code versions: what a refresh compares to decide that nothing needs rebuilding.

A source's raw tables are a function of its landed files (the data version: their sha256s) and of
the code that parses and checks them (the code version: a hash of that code). The marts are a
function of the raw tables, the dbt project's files and the dbt vars. Every published warehouse
records the versions it was built from in ``meta.fingerprints``; a refresh whose versions match
re-parses nothing and rebuilds nothing (see ``orchestration/plan.py``). The same versions are
Dagster data and code versions, so the UI marks an asset unsynced exactly when a refresh would
rebuild it.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.paths import DBT_PROJECT_DIR, REPO_ROOT
from sources._common.landing import LandedFile
from sources._common.spec import SourceSpec

# Code shared by every source's raw layer: the landing plumbing, the raw-table asset, revisions and
# the quality gates. A change to any of it re-parses and re-checks every source.
_SHARED_RAW_CODE = (
    "sources/_common",
    "orchestration/assets/sources.py",
    "orchestration/checks",
    "orchestration/revisions.py",
    "orchestration/meta.py",
)
DBT_INPUTS = ("models", "seeds", "macros", "tests", "snapshots", "analyses", "dbt_project.yml")


@dataclass(frozen=True)
class Fingerprint:
    data_version: str
    code_version: str


def files_version(landed: Iterable[LandedFile]) -> str:
    """The data version of one landing: the same files, byte for byte, give the same version.

    The vintage is part of it because the sample's rows are marked 'sample' whatever their bytes:
    the sample's files replayed from a snapshot folder are not the sample.
    """
    parts = sorted(f"{f.dataset}/{f.original_name}/{f.sha256}/{f.vintage}" for f in landed)
    return _digest("\n".join(parts))


def source_code_version(spec: SourceSpec) -> str:
    package = spec.load.__module__.rsplit(".", 1)[0]  # sources.worldbank.parse -> sources.worldbank
    return _code_version((package.replace(".", "/"), *_SHARED_RAW_CODE))


def dbt_version(dbt_vars: Mapping[str, str]) -> str:
    """The dbt project's files and the run's vars: either changing means the marts must be rebuilt."""
    files = _tree_digest([DBT_PROJECT_DIR / name for name in DBT_INPUTS])
    return _digest(files + json.dumps(dict(dbt_vars), sort_keys=True))


def read_published(path: Path) -> dict[tuple[str, str], Fingerprint]:
    """``(kind, name) -> Fingerprint`` recorded in a warehouse file; empty when it has none."""
    if not path.exists():
        return {}
    with duckdb.connect(str(path), read_only=True) as con:
        try:
            rows = con.execute("select kind, name, data_version, code_version from meta.fingerprints").fetchall()
        except duckdb.CatalogException:
            return {}  # built before fingerprints were recorded: everything counts as changed
    return {(kind, name): Fingerprint(data, code) for kind, name, data, code in rows}


@functools.cache
def _code_version(paths: tuple[str, ...]) -> str:
    # Computed once per process: the code cannot change under a running process.
    return _tree_digest([REPO_ROOT / p for p in paths])[:16]


def _tree_digest(roots: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".log"}:
                digest.update(str(path.relative_to(REPO_ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]
