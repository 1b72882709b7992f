{{ config(meta={'dagster': {'ref': {'name': 'fct_indicator_values'}}}) }}
-- A WDI row of a registry indicator whose code is neither an economy in dim_country nor an
-- aggregate in dim_country_group would silently vanish from the marts; fail instead. Indicators
-- outside the registry stay in raw and staging by design.
select stg.country_code, stg.indicator_code, count(*) as dropped_rows
from {{ ref('stg_wdi__values') }} as stg
inner join {{ ref('stg_wdi__indicator_registry') }} as registry
    on registry.indicator_code = stg.indicator_code
left join {{ ref('fct_indicator_values') }} as fct
    on fct.country_iso3 = stg.country_code
    and fct.indicator_code = stg.indicator_code
    and fct.year = stg.year
left join {{ ref('fct_indicator_group_values') }} as grp
    on grp.group_code = stg.country_code
    and grp.indicator_code = stg.indicator_code
    and grp.year = stg.year
where fct.country_iso3 is null and grp.group_code is null
group by 1, 2
