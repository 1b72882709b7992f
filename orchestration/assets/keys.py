"""Asset keys shared by the assets and the checks that guard them."""

from dagster import AssetKey

from sources._common.spec import SourceSpec


def landing_key(spec: SourceSpec) -> AssetKey:
    return AssetKey(["landing", spec.name])


def raw_key(table: str) -> AssetKey:
    return AssetKey(["raw", table])
