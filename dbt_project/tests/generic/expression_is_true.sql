{#- Rows on which the SQL expression is false or null: a null result fails (unlike dbt-utils'
    test of the same name), so an expression over a missing value does not pass unseen. -#}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{% endtest %}
