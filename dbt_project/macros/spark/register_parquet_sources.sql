{#- Spark only: every dbt source and seed becomes a table over its Parquet folder,
    <root>/<schema>/<table>/, as orchestration/spark.py writes them from a DuckDB build (the var
    spark_sources names the root; dbt-spark's seed loader does not escape apostrophes under the
    session method, hence seeds from DuckDB too).
    Runs as the project's on-run-start hook on the spark targets, in the same session as the build
    (the session method's catalog lives in memory, so a separate run-operation would be forgotten).
    Without the var spark_sources it registers nothing: a cluster whose metastore already holds the
    sources needs no copy. -#}
{% macro register_parquet_sources(root=none) %}
    {%- set root = root or var('spark_sources', none) %}
    {%- if target.type != 'spark' %}
        {{ exceptions.raise_compiler_error("register_parquet_sources is for the spark targets, not " ~ target.type) }}
    {%- endif %}
    {%- if not execute %}
        {{ return('') }}
    {%- endif %}
    {%- if not root %}
        {{ log("spark_sources is not set: reading the sources already in Spark's catalog", info=true) }}
        {{ return('') }}
    {%- endif %}
    {%- set schemas = [] %}
    {%- set tables = [] %}
    {%- for source in graph.sources.values() %}
        {%- do tables.append((source.schema, source.identifier)) %}
    {%- endfor %}
    {%- for node in graph.nodes.values() if node.resource_type == 'seed' %}
        {%- do tables.append((node.schema, node.alias)) %}
    {%- endfor %}
    {%- for schema, table in tables %}
        {%- if schema not in schemas %}
            {%- do run_query("create database if not exists " ~ schema) %}
            {%- do schemas.append(schema) %}
        {%- endif %}
        {%- set location = root ~ "/" ~ schema ~ "/" ~ table %}
        {%- do run_query("drop table if exists " ~ schema ~ "." ~ table) %}
        {%- do run_query("create table " ~ schema ~ "." ~ table ~ " using parquet location '" ~ location ~ "'") %}
    {%- endfor %}
    {{ log("registered " ~ tables | length ~ " sources and seeds from " ~ root, info=true) }}
    {{ return('') }}
{% endmacro %}
