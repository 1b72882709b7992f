{#- A 64-bit float. dbt.type_float() renders `float`, which is 32-bit on DuckDB (REAL) and on Spark
    (FloatType): every figure would lose digits. Warehouses whose `float` is 64-bit keep dbt's. -#}
{% macro type_double() %}
    {{- return(adapter.dispatch('type_double')()) -}}
{% endmacro %}

{% macro default__type_double() %}
    {{- return(dbt.type_float()) -}}
{% endmacro %}

{% macro duckdb__type_double() %}
    {{- return('double') -}}
{% endmacro %}

{% macro spark__type_double() %}
    {{- return('double') -}}
{% endmacro %}
