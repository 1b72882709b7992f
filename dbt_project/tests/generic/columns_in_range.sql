{#- Values outside [min_value, max_value] in each column of `ranges` ({column: {min_value: x,
    max_value: y}}, either bound may be left out), checked in one scan; nulls pass, as in
    accepted_range. One row per failing column: how many rows, the smallest and largest value
    found and the range allowed. It replaces a column-level accepted_range on each column because
    dbt's overhead per test node (and Dagster's events per check) dominated the refresh, not the
    queries (README, Performance): one node per model instead of one per column. An
    accepted_range with a `where` or another config stays column-level (accepted_range.sql). -#}
{% test columns_in_range(model, ranges) %}
select column_name, rows_out_of_range, min_found, max_found, allowed
from (
    select unnest([
        {%- for column, bounds in ranges.items() %}
        {%- set low = (bounds or {}).get('min_value') %}
        {%- set high = (bounds or {}).get('max_value') %}
        {
            'column_name': '{{ column }}',
            'rows_out_of_range': count(*) filter (
                where {{ column }} is not null and (
                    false
                    {%- if low is not none %} or {{ column }} < {{ low }}{% endif %}
                    {%- if high is not none %} or {{ column }} > {{ high }}{% endif %}
                )
            ),
            'min_found': cast(min({{ column }}) as varchar),
            'max_found': cast(max({{ column }}) as varchar),
            'allowed': {% if low is not none %}'[' || cast(({{ low }}) as varchar){% else %}'(-inf'{% endif %}
                || ', ' || {% if high is not none %}cast(({{ high }}) as varchar) || ']'{% else %}'inf)'{% endif %}
        }{{ "," if not loop.last }}
        {%- endfor %}
    ], recursive := true)
    from {{ model }}
)
where rows_out_of_range > 0
{% endtest %}
