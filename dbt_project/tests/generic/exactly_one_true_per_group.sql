{#- Exactly one row per group has the boolean column true: one failing row per group with none or
    several, with how many it has. -#}
{% test exactly_one_true_per_group(model, column_name, group_by) %}
select {{ group_by | join(', ') }}, count(*) filter (where {{ column_name }}) as true_rows
from {{ model }}
group by {{ group_by | join(', ') }}
having count(*) filter (where {{ column_name }}) <> 1
{% endtest %}
