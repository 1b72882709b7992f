{#- At least min_rows rows (after the test's `where`, if any): one failing row, saying how many
    rows were found, when there are fewer. -#}
{% test min_row_count(model, min_rows) %}
select count(*) as rows_found, {{ min_rows }} as rows_required
from {{ model }}
having count(*) < {{ min_rows }}
{% endtest %}
