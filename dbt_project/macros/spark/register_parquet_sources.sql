{#- Spark only: every dbt source becomes a table over its Parquet folder, <root>/<schema>/<table>/,
    as bench/spark_build.py writes them from a DuckDB build. Seeds are not sources: dbt loads them. -#}
{% macro register_parquet_sources(root) %}
    {%- if target.type != 'spark' %}
        {{ exceptions.raise_compiler_error("register_parquet_sources is for the spark target, not " ~ target.type) }}
    {%- endif %}
    {%- set schemas = [] %}
    {%- for source in graph.sources.values() %}
        {%- if source.schema not in schemas %}
            {%- do run_query("create database if not exists " ~ source.schema) %}
            {%- do schemas.append(source.schema) %}
        {%- endif %}
        {%- set location = root ~ "/" ~ source.schema ~ "/" ~ source.identifier %}
        {%- do run_query("drop table if exists " ~ source.schema ~ "." ~ source.identifier) %}
        {%- do run_query(
            "create table " ~ source.schema ~ "." ~ source.identifier ~ " using parquet location '" ~ location ~ "'"
        ) %}
    {%- endfor %}
    {{ log("registered " ~ graph.sources | length ~ " sources from " ~ root, info=true) }}
{% endmacro %}
