"""Decide what a refresh must rebuild, by comparing what just landed with what is published.

A refresh lands every requested source first (the ``land`` job: cheap, files are kept by sha256).
Then, for each source, the landed files' data version and the parser's code version are compared
with the ones the published warehouse was built from (``meta.fingerprints``); the dbt project and
vars likewise. Only changed sources are parsed and checked, only the models downstream of them are
rebuilt, and when nothing changed nothing runs and the published file is left untouched.
``hemi refresh`` and the ``new_releases`` sensor both use this plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dagster import AssetKey, AssetSelection

from orchestration.catalog import SOURCES
from orchestration.versions import Fingerprint, dbt_version, files_version, read_published, source_code_version
from orchestration.warehouse import WarehouseFiles
from sources._common.file_checks import sha256_of_file
from sources._common.landing import LandedFile, LandingZone
from sources._common.snapshot import find_snapshot_files
from sources._common.spec import SourceSpec

_SPECS = {spec.name: spec for spec in SOURCES}


@dataclass(frozen=True)
class RefreshPlan:
    changed: Mapping[str, str]  # source -> why it must be rebuilt
    unchanged: tuple[str, ...]
    dbt_reason: str = ""  # why every model must be rebuilt, or "" when the dbt project is as published
    versions: Mapping[str, str] = field(default_factory=dict)  # source -> landed data version

    @property
    def nothing_to_do(self) -> bool:
        return not self.changed and not self.dbt_reason

    def selection(self) -> AssetSelection:
        """The changed sources' raw tables and checks, every model downstream of them, and publish."""
        from orchestration.assets.dbt import hemisphere_dbt_models

        selection = AssetSelection.assets()  # empty
        if self.changed:
            landing = [AssetKey(["landing", name]) for name in self.changed]
            selection = AssetSelection.groups(*self.changed).downstream() - AssetSelection.assets(*landing)
        if self.dbt_reason:
            selection = selection | AssetSelection.assets(*hemisphere_dbt_models.keys).downstream()
        return selection

    def describe(self) -> list[str]:
        lines = [f"{name}: {why}" for name, why in sorted(self.changed.items())]
        if self.dbt_reason:
            lines.append(f"dbt: {self.dbt_reason}")
        if self.unchanged:
            lines.append(f"unchanged since the published load: {', '.join(self.unchanged)}")
        return lines


def plan_refresh(
    home: Path,
    sources: Iterable[str],
    dbt_vars: Mapping[str, str] | None = None,
    force: bool = False,
    landed_of: Callable[[SourceSpec], list[LandedFile]] | None = None,
) -> RefreshPlan:
    """Compare each source's files (by default its last complete landing) with the published load."""
    published = read_published(WarehouseFiles(home).published)
    zone = LandingZone(home / "raw")
    landed_of = landed_of or (lambda spec: zone.last_complete(spec.name))
    changed: dict[str, str] = {}
    unchanged: list[str] = []
    versions: dict[str, str] = {}
    for name in sources:
        spec = _SPECS[name]
        landed = landed_of(spec)
        versions[name] = files_version(landed) if landed else ""
        why = _why_changed(
            published.get(("source", name)), Fingerprint(versions[name], source_code_version(spec)), force
        )
        if why:
            changed[name] = why
        else:
            unchanged.append(name)
    dbt_reason = _why_changed(
        published.get(("dbt", "project")),
        Fingerprint(dbt_version(dbt_vars or {}), ""),
        force,
        new_data="the dbt project or its vars differ from the published build's",
    )
    return RefreshPlan(changed, tuple(unchanged), dbt_reason, versions)


def _why_changed(
    published: Fingerprint | None,
    current: Fingerprint,
    force: bool,
    new_data: str = "new data (the landed files differ from the published load's)",
) -> str:
    if force:
        return "rebuild forced"
    if published is None:
        return "not in the published warehouse yet"
    if published.data_version != current.data_version:
        return new_data
    if published.code_version != current.code_version:
        return "its parsing or checking code changed since the published load"
    return ""


class NotLandedBefore(Exception):
    """A folder's file whose bytes the landing zone has never seen."""


def files_in_folder(spec: SourceSpec, folder: Path, zone: LandingZone, only_known: bool = False) -> list[LandedFile]:
    """What landing ``spec``'s files from a snapshot-like folder would record, without landing them.

    Fails like landing does (a SourceError naming the missing dataset) when the folder is incomplete,
    and with NotLandedBefore when ``only_known`` and a file's sha256 is new to the landing zone.
    """
    files = []
    for dataset, path in find_snapshot_files(spec, folder):
        digest = sha256_of_file(path)  # streamed: a release can be large
        vintage = zone.known_vintage(spec.name, digest)
        if vintage is None and only_known and not zone.has_landed(spec.name, digest):
            raise NotLandedBefore(f"[{spec.name}] {path} has not been landed before")
        if vintage is None:
            vintage = spec.read_vintage(path)
        size = path.stat().st_size
        files.append(LandedFile(spec.name, dataset, str(path), path.name, digest, size, "", "", vintage, "snapshot"))
    return files
