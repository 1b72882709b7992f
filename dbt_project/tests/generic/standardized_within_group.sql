{#- A z-score column must have mean 0 and sample standard deviation 1 within each group that has
    at least two values (within `tolerance`). -#}
{% test standardized_within_group(model, column_name, group_by, tolerance=1e-6) %}
select {{ group_by | join(', ') }}, avg({{ column_name }}) as mean_value, stddev_samp({{ column_name }}) as sd_value
from {{ model }}
where {{ column_name }} is not null
group by {{ group_by | join(', ') }}
having count({{ column_name }}) >= 2
   and (abs(avg({{ column_name }})) > {{ tolerance }} or abs(stddev_samp({{ column_name }}) - 1) > {{ tolerance }})
{% endtest %}
