"""The last step of every refresh: swap the checked build in as the published warehouse."""


from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from orchestration import meta
from orchestration.assets.dbt import hemisphere_dbt_models
from orchestration.assets.sources import WAREHOUSE_POOL
from orchestration.resources import SourceSettings, Warehouse


@asset(
    key=["published_warehouse"],
    group_name="publish",
    kinds={"duckdb"},
    owners=["team:hemisphere"],
    deps=list(hemisphere_dbt_models.keys),
    pool=WAREHOUSE_POOL,
    description=(
        "HEMI_HOME/hemisphere.duckdb, the file readers open, replaced in one atomic rename; with "
        "HEMI_WAREHOUSE naming a DuckLake, first one snapshot of the lake, committed in one transaction. "
        "Only when every upstream step and blocking check of the run has succeeded."
    ),
)
def published_warehouse(
    context: AssetExecutionContext, warehouse: Warehouse, source_settings: SourceSettings
) -> MaterializeResult:
    with warehouse.connect_build(context.run.run_id) as con:
        meta.ensure_meta(con)
        warehouse.refuse_sample_over_real(con, context.run.run_id, source_settings.allow_sample_over_real)
        sources = [r[0] for r in con.execute(
            "select distinct source from meta.source_loads where run_id = ? order by 1", [context.run.run_id]
        ).fetchall()]
        con.execute(
            "insert into meta.refreshes values (?, ?, ?, now())",
            [context.run.run_id, source_settings.mode, ",".join(sources)],
        )
        vintages = con.execute(
            """
            select source, list(distinct vintage order by vintage)
            from (select source, unnest(string_split(vintages, ',')) as vintage from meta.source_loads)
            where vintage <> '' group by source order by source
            """
        ).fetchall()
        counts = con.execute(
            """
            select schema_name, table_name, estimated_size
            from duckdb_tables()
            where schema_name in ('marts', 'raw')
            order by schema_name, table_name
            """
        ).fetchall()
    info = {
        "run_id": context.run.run_id,
        "mode": source_settings.mode,
        "sources_refreshed": sources,
        "vintages": dict(vintages),
    }
    path, snapshot = warehouse.publish(context.run.run_id, info)
    context.log.info(f"published {path}" + (f" and snapshot {snapshot} of the DuckLake" if snapshot else ""))
    table = "\n".join(["| table | rows |", "|---|---|", *[f"| {s}.{t} | {n:,} |" for s, t, n in counts]])
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(path)),
            "size_bytes": path.stat().st_size,
            **({"lake_snapshot": snapshot} if snapshot is not None else {}),
            "sources_refreshed": ", ".join(sources) or "none",
            "tables": MetadataValue.md(table),
        }
    )
