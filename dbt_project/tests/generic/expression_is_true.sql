{#- Rows where a boolean SQL expression over the model's columns is false; null counts as false
    unless the expression handles it. Use for identities such as balance = exports - imports. -#}
{% test expression_is_true(model, expression, where=none) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
  {% if where %} and ({{ where }}) {% endif %}
{% endtest %}
