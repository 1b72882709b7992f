{#- Each of the values occurs at least once in the column: one failing row per missing value. -#}
{% test contains_values(model, column_name, values) %}
with expected (missing_value) as (
    values {% for value in values %}({{ "'" ~ (value | string | replace("'", "''")) ~ "'" }}){{ ", " if not loop.last }}{% endfor %}
)
select missing_value
from expected
where missing_value not in (
    select cast({{ column_name }} as {{ dbt.type_string() }}) from {{ model }} where {{ column_name }} is not null
)
{% endtest %}
