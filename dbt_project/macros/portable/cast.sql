{#- A cast that gives null for a value that does not convert, on every engine. dbt.safe_cast promises
    that, but dbt-duckdb leaves it to dbt's default, a plain cast, which fails the whole model on one bad
    value. This is the project's own macro under its own name, so dbt's and its adapters' stay as shipped. -#}
{% macro cast_or_null(field, type) -%}
    {{ return(adapter.dispatch('cast_or_null', 'hemisphere')(field, type)) }}
{%- endmacro %}

{% macro default__cast_or_null(field, type) -%}
    {{ dbt.safe_cast(field, type) }}
{%- endmacro %}

{% macro duckdb__cast_or_null(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro spark__cast_or_null(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
