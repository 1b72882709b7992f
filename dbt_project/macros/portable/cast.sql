{#- dbt.safe_cast promises null for a value that does not convert; dbt-duckdb leaves it to dbt's
    default, a plain cast, which fails the whole model on one bad value. -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro spark__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
