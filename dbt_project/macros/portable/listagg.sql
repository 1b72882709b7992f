{#- Text of the values joined with a delimiter, in the order asked for, on every engine: dbt.listagg
    where it keeps the order (DuckDB and dbt's default), and on Spark, whose dbt.listagg drops the
    order_by_clause (with a warning), the pieces sorted by their own value, which is what every caller
    here asks for: `order by <the measure>`. A measure `distinct x` keeps each value once. No value at all
    gives null, as string_agg does, not the empty text of an empty array. The project's own name, so
    dbt-spark's listagg stays as shipped. -#}
{% macro listagg_sorted(measure, delimiter_text, order_by_clause) -%}
    {{ return(adapter.dispatch('listagg_sorted', 'hemisphere')(measure, delimiter_text, order_by_clause)) }}
{%- endmacro %}

{% macro default__listagg_sorted(measure, delimiter_text, order_by_clause) -%}
    {{ dbt.listagg(measure, delimiter_text, order_by_clause) }}
{%- endmacro %}

{% macro spark__listagg_sorted(measure, delimiter_text, order_by_clause) -%}
    {%- set measure = measure | trim %}
    {%- set is_distinct = measure.lower().startswith('distinct ') %}
    {%- set value = measure[9:] if is_distinct else measure -%}
    case when count({{ value }}) > 0 then
        array_join(array_sort({{ 'collect_set' if is_distinct else 'collect_list' }}({{ value }})), {{ delimiter_text }})
    end
{%- endmacro %}
