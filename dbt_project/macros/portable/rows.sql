{#- After a FROM item: one row per piece of `expression` cut at `delimiter` (a plain string without
    regular-expression characters: Spark's split reads it as a pattern), the piece in column `item`.
    Rows whose expression is null yield no row. -#}
{% macro cross_join_split(expression, delimiter, item) %}
    {{- return(adapter.dispatch('cross_join_split')(expression, delimiter, item)) -}}
{% endmacro %}

{% macro default__cross_join_split(expression, delimiter, item) %}
    {{ exceptions.raise_compiler_error("cross_join_split has no implementation for " ~ target.type) }}
{% endmacro %}

{% macro duckdb__cross_join_split(expression, delimiter, item) -%}
    cross join unnest(string_split({{ expression }}, {{ delimiter }})) as split_pieces ({{ item }})
{%- endmacro %}

{% macro spark__cross_join_split(expression, delimiter, item) -%}
    lateral view explode(split({{ expression }}, {{ delimiter }})) split_pieces as {{ item }}
{%- endmacro %}
