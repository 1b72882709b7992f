{{ config(meta={'dagster': {'ref': {'name': 'mart_migration_root_causes'}}}) }}
-- The root-causes mart's calendar-year Southwest border encounters are the monthly fact's sums.
with monthly as (
    select citizenship_iso3, year, sum(encounters) as encounters, count(distinct month) as months
    from {{ ref('fct_border_encounters_monthly') }}
    where border_region = 'Southwest Land Border'
    group by citizenship_iso3, year
),

root_causes as (
    select country_iso3, year, southwest_border_encounters
    from {{ ref('mart_migration_root_causes') }}
    where southwest_border_encounters is not null
)

select root_causes.country_iso3, root_causes.year, root_causes.southwest_border_encounters, monthly.encounters
from root_causes
left join monthly on monthly.citizenship_iso3 = root_causes.country_iso3 and monthly.year = root_causes.year
where root_causes.southwest_border_encounters <> coalesce(monthly.encounters, 0)
