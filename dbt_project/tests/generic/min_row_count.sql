{#- Fails when the model has fewer than `min_rows` rows (optionally among rows matching `where`):
    a mart that builds empty or nearly empty is a broken join, not a quiet day. -#}
{% test min_row_count(model, min_rows=1, where=none) %}
select row_count
from (
    select count(*) as row_count
    from {{ model }}
    {% if where %} where {{ where }} {% endif %}
)
where row_count < {{ min_rows }}
{% endtest %}
