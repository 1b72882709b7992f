{#- dbt-spark's listagg drops the order_by_clause (with a warning), so the text would come out in
    whatever order the rows arrived. On Spark the pieces are sorted by their own value, which is what
    every caller here asks for: `order by <the measure>`. A measure `distinct x` keeps each value once.
    No value at all gives null, as string_agg does, not the empty text of an empty array. -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if limit_num %}
        {{ exceptions.raise_compiler_error("listagg on spark takes no limit_num here") }}
    {%- endif %}
    {%- set measure = measure | trim %}
    {%- set is_distinct = measure.lower().startswith('distinct ') %}
    {%- set value = measure[9:] if is_distinct else measure -%}
    case when count({{ value }}) > 0 then
        array_join(array_sort({{ 'collect_set' if is_distinct else 'collect_list' }}({{ value }})), {{ delimiter_text }})
    end
{%- endmacro %}
