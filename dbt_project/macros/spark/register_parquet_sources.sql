{#- Spark only: every dbt source and seed becomes a table over its Parquet folder,
    <root>/<schema>/<table>/, as bench/spark_build.py writes them from a DuckDB build (dbt-spark's seed
    loader does not escape apostrophes under the session method). -#}
{% macro register_parquet_sources(root) %}
    {%- if target.type != 'spark' %}
        {{ exceptions.raise_compiler_error("register_parquet_sources is for the spark target, not " ~ target.type) }}
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
{% endmacro %}
