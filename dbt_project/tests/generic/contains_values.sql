{#- The reverse of accepted_values: every listed value must occur in the column at least once.
    A bloc, check or category that silently drops out of a mart fails here. -#}
{% test contains_values(model, column_name, values) %}
with expected as (
    select * from (
        values {% for value in values %}({{ "'" ~ (value | replace("'", "''")) ~ "'" }}){{ "," if not loop.last }}{% endfor %}
    ) as t (expected_value)
)

select expected.expected_value as missing_value
from expected
where expected.expected_value not in (
    select cast({{ column_name }} as varchar) from {{ model }} where {{ column_name }} is not null
)
{% endtest %}
