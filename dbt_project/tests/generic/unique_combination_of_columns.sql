{#- One row per combination of the columns. Rows with equal values, nulls included, are duplicates
    (a null is a value here, unlike dbt's `unique`): one failing row per duplicated combination,
    with how many rows share it. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
select {{ combination_of_columns | join(', ') }}, count(*) as rows_with_this_key
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}
