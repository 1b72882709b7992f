{{ config(meta={'dagster': {'ref': {'name': 'fct_indicator_values'}}}) }}
-- Values outside the registry's plausible bounds usually mean a unit change at the publisher.
select fct.country_iso3, fct.indicator_code, fct.year, fct.value, ind.valid_min, ind.valid_max
from {{ ref('fct_indicator_values') }} as fct
inner join {{ ref('dim_indicator') }} as ind using (indicator_code)
where (ind.valid_min is not null and fct.value < ind.valid_min)
   or (ind.valid_max is not null and fct.value > ind.valid_max)
