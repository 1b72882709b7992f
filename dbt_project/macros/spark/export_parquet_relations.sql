{#- Spark only: every marts and intermediate model this run built, written as Parquet to
    <root>/<schema>/<table>/ with Spark's own writer, so the refresh can load Spark's results into
    the DuckDB build it gates and publishes (orchestration/spark.py). The project's on-run-end hook on
    the spark targets; without the var spark_export it writes nothing. `results` holds only this run's
    nodes, so a partial build exports only what it rebuilt. -#}
{% macro export_parquet_relations(results, root=none) %}
    {%- set root = root or var('spark_export', none) %}
    {%- if target.type != 'spark' %}
        {{ exceptions.raise_compiler_error("export_parquet_relations is for the spark targets, not " ~ target.type) }}
    {%- endif %}
    {%- if not root or not execute %}
        {{ return('') }}
    {%- endif %}
    {%- set exported = [] %}
    {%- for result in results
            if result.node.resource_type == 'model'
            and result.status == 'success'
            and result.node.config.materialized == 'table'
            and result.node.schema in ('marts', 'intermediate') %}
        {%- set node = result.node %}
        {%- do run_query("insert overwrite directory '" ~ root ~ "/" ~ node.schema ~ "/" ~ node.alias
                ~ "' using parquet select * from " ~ node.schema ~ "." ~ node.alias) %}
        {%- do exported.append(node.alias) %}
    {%- endfor %}
    {{ log("exported " ~ exported | length ~ " tables as Parquet to " ~ root, info=true) }}
    {{ return('') }}
{% endmacro %}
