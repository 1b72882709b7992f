{#- Within each group the column is a z-score: mean 0 and sample standard deviation 1, each within
    `tolerance`. Groups with fewer than two non-null values have no standard deviation and are not
    judged. One failing row per group, with its mean, standard deviation and count. -#}
{% test standardized_within_group(model, column_name, group_by, tolerance=1e-6) %}
select
    {{ group_by | join(', ') }},
    avg({{ column_name }}) as mean_value,
    stddev_samp({{ column_name }}) as sd_value,
    count({{ column_name }}) as values_counted
from {{ model }}
where {{ column_name }} is not null
group by {{ group_by | join(', ') }}
having count({{ column_name }}) >= 2
   and (abs(avg({{ column_name }})) > {{ tolerance }} or abs(stddev_samp({{ column_name }}) - 1) > {{ tolerance }})
{% endtest %}
