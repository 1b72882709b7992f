{#- Nulls in any of `columns`, counted in one scan: one row per column that has any, with how
    many. It replaces a column-level not_null on each column because dbt's overhead per test node
    (and Dagster's events per check) dominated the refresh, not the queries (README, Performance):
    one node per model instead of one per column. A not_null with a `where` or another config
    stays column-level. -#}
{% test not_null_columns(model, columns) %}
select column_name, null_rows
from (
    unpivot (
        select
            {%- for column in columns %}
            count(*) filter (where {{ column }} is null) as "{{ column }}"{{ "," if not loop.last }}
            {%- endfor %}
        from {{ model }}
    )
    on columns(*)
    into name column_name value null_rows
)
where null_rows > 0
{% endtest %}
