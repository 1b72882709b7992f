{#- Rows whose value lies outside [min_value, max_value]; either bound may be left out, both are
    inclusive, and a null passes (not_null guards nulls). A bound is SQL, so
    `max_value: "extract(year from current_date)"` is read when the test runs. -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none) %}
{%- if min_value is none and max_value is none %}
    {{ exceptions.raise_compiler_error("accepted_range on " ~ column_name ~ " needs min_value, max_value or both") }}
{%- endif %}
select *
from {{ model }}
where {{ column_name }} is not null
  and (
      false
      {%- if min_value is not none %} or {{ column_name }} < ({{ min_value }}){% endif %}
      {%- if max_value is not none %} or {{ column_name }} > ({{ max_value }}){% endif %}
  )
{% endtest %}
