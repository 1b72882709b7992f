{#- Fails when the model is empty (optionally: has no row matching `where`); a mart that silently
    builds empty is a broken join, not a quiet day. -#}
{% test has_rows(model, where=none) %}
select 'no rows' as problem
where not exists (
    select 1 from {{ model }}
    {% if where %} where {{ where }} {% endif %}
)
{% endtest %}
