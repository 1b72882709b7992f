"""Turn each publisher's SourceSpec into two Dagster assets: its landed files and its raw tables."""


from collections.abc import Sequence

import duckdb
from dagster import (
    AssetExecutionContext,
    AssetsDefinition,
    AssetSpec,
    DataVersion,
    MaterializeResult,
    MetadataValue,
    asset,
    multi_asset,
)

from orchestration import meta
from orchestration.assets.keys import landing_key, raw_key
from orchestration.checks.raw_checks import evaluate_raw_checks, raw_check_specs, submit_expectations
from orchestration.raw_load import incoming, replace_with_incoming, write_incoming
from orchestration.resources import SourceSettings, Warehouse
from orchestration.revisions import record_revisions
from orchestration.versions import files_version, source_code_version
from sources._common.land import land_source
from sources._common.landing import LandedFile
from sources._common.spec import SourceSpec

OWNERS = ["team:hemisphere"]
PREVIEW_ROWS = 5
# Concurrency pools (limits in dagster.yaml): one run at a time writes the warehouse, and one at a
# time talks to each publisher.
WAREHOUSE_POOL = "warehouse"


def build_source_assets(spec: SourceSpec) -> Sequence[AssetsDefinition]:
    source_metadata = {
        "publisher": spec.publisher,
        "homepage": MetadataValue.url(spec.homepage),
        "licence": spec.licence,
        "release_cadence": spec.cadence,
    }

    @asset(
        key=landing_key(spec),
        group_name=spec.name,
        kinds={"python"},
        owners=OWNERS,
        description=(
            f"{spec.title} ({spec.publisher}): the files as published, kept unchanged in the landing zone "
            "(HEMI_HOME/raw) with a manifest entry each."
        ),
        metadata=source_metadata,
        code_version="1",
        pool=f"publisher_{spec.name}",
    )
    def landed_files(
        context: AssetExecutionContext, source_settings: SourceSettings, warehouse: Warehouse
    ) -> MaterializeResult:
        mode = source_settings.validated_mode()
        landed = land_source(
            spec,
            mode,
            warehouse.landing_zone,
            snapshot_dir=source_settings.snapshot_dir or None,
            sample_dir=warehouse.sample_dir,
            log=context.log.info,
        )
        warehouse.landing_zone.mark_complete(spec.name, landed)
        version = files_version(landed)
        published = warehouse.published_fingerprints().get(("source", spec.name))
        unchanged = published is not None and published.data_version == version
        return MaterializeResult(
            # The same files give the same data version, so the UI shows the raw tables unsynced
            # only when the publisher's files changed (or the parser did: its code version).
            data_version=DataVersion(version),
            metadata={
                "mode": mode,
                "files": len(landed),
                "bytes": sum(f.size for f in landed),
                "vintages": ", ".join(sorted({str(f.vintage) for f in landed})),
                "same_as_published": unchanged,
                "landed": MetadataValue.md(_landed_table(landed)),
            },
        )

    @multi_asset(
        name=f"{spec.name}_raw_tables",
        specs=[
            AssetSpec(
                raw_key(table.name),
                group_name=spec.name,
                kinds={"python", "duckdb"},
                owners=OWNERS,
                description=f"{table.description} Key: {', '.join(table.key)}.",
                metadata={**source_metadata, "key": ", ".join(table.key)},
                code_version=source_code_version(spec),
                deps=[landing_key(spec)],
            )
            for table in spec.raw_tables
        ]
        + [
            AssetSpec(
                raw_key(table.revisions_table),
                group_name=spec.name,
                kinds={"python", "duckdb"},
                owners=OWNERS,
                description=(
                    f"Every change to raw.{table.name}.{table.revision_value} between published vintages "
                    "(old and new vintage and value; new value null when the publisher withdrew it)."
                ),
                code_version=source_code_version(spec),
                deps=[landing_key(spec)],
            )
            for table in spec.raw_tables
            if table.revisions_table
        ],
        check_specs=raw_check_specs(spec),
        can_subset=False,
        pool=WAREHOUSE_POOL,
    )
    def raw_tables(context: AssetExecutionContext, warehouse: Warehouse):
        # The landing may have run in an earlier run (the `land` job): read what it marked complete.
        files = warehouse.landing_zone.last_complete(spec.name)
        if not files:
            raise RuntimeError(f"[{spec.name}] nothing has landed yet: materialize landing/{spec.name} first")
        origin = ",".join(sorted({f.origin for f in files}))
        with warehouse.connect_build(context.run.run_id) as con:
            con.execute("create schema if not exists raw")
            meta.record_landing(con, context.run.run_id, spec.name, files)
            # Parsed and written a chunk at a time: WDI's values alone can be tens of millions of rows.
            write_incoming(con, spec, spec.table_chunks(files))
            revisions = {}
            for table in spec.raw_tables:
                if table.revisions_table:
                    stats = record_revisions(con, table, incoming(table.name), context.run.run_id)
                    meta.record_revision_stats(
                        con, context.run.run_id, spec.name, table.name, stats.compared, stats.revised, stats.withdrawn
                    )
                    revisions[table.revisions_table] = stats
                replace_with_incoming(con, table.name)
                meta.record_load(con, context.run.run_id, spec.name, table.name, origin)
            meta.record_fingerprint(
                con, context.run.run_id, "source", spec.name, files_version(files), source_code_version(spec)
            )
            checked = evaluate_raw_checks(spec, con, context.run.run_id)
            # Validated by GX while the refresh goes on; reported by the raw_expectations step.
            submit_expectations(spec, con, warehouse, context.run.run_id)
            described = {table.name: table_metadata(con, table.name) for table in spec.raw_tables}
        for table in spec.raw_tables:
            yield MaterializeResult(asset_key=raw_key(table.name), metadata=described[table.name])
        for name, stats in revisions.items():
            yield MaterializeResult(
                asset_key=raw_key(name),
                metadata={
                    "historical_values_compared": stats.compared,
                    "revised": stats.revised,
                    "withdrawn": stats.withdrawn,
                    "revised_share": round(stats.revised_share, 6),
                },
            )
        # After the materializations, so each result is attached to the table this run wrote.
        yield from checked

    return [landed_files, raw_tables]


def table_metadata(con: duckdb.DuckDBPyConnection, table: str) -> dict:
    """Row count, vintages, file hashes and the first rows of raw.<table>, read back from the build."""
    rows = con.execute(f'select count(*) from raw."{table}"').fetchall()[0][0]
    head = con.execute(f'select * from raw."{table}" limit {PREVIEW_ROWS}').df()
    vintages = meta.distinct_text(con, table, "source_vintage")
    shas = meta.distinct_text(con, table, "raw_sha256")
    return {
        "dagster/row_count": rows,
        "vintage": ", ".join(vintages) or "n/a",
        "raw_sha256": ", ".join(s[:12] for s in shas) or "n/a",
        "preview": MetadataValue.md(head.to_markdown(index=False) if rows else "(empty)"),
    }


def _landed_table(landed: list[LandedFile]) -> str:
    lines = ["| file | dataset | bytes | vintage | sha256 |", "|---|---|---|---|---|"]
    lines += [f"| {f.original_name} | {f.dataset} | {f.size:,} | {f.vintage} | `{f.sha256[:12]}` |" for f in landed]
    return "\n".join(lines)
