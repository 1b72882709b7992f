{#- Groups (by `group_by`, optionally among rows matching `where`) in which the boolean column is
    not true on exactly one row: use for "one preferred row per key" rules. -#}
{% test exactly_one_true_per_group(model, column_name, group_by, where=none) %}
select {{ group_by | join(', ') }}, count(*) filter (where {{ column_name }}) as true_rows, count(*) as candidate_rows
from {{ model }}
{% if where %} where {{ where }} {% endif %}
group by {{ group_by | join(', ') }}
having count(*) filter (where {{ column_name }}) <> 1
{% endtest %}
