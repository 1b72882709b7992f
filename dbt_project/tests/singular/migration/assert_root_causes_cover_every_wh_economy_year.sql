{{ config(meta={'dagster': {'ref': {'name': 'mart_migration_root_causes'}}}) }}
-- One row per Western Hemisphere economy and year of the mart's span: none missing, none extra.
with root_causes as (
    select country_iso3, year from {{ ref('mart_migration_root_causes') }}
),

expected as (
    select economies.country_iso3, years.year
    from {{ ref('dim_country') }} as economies
    cross join (select distinct year from root_causes) as years
    where economies.is_western_hemisphere
)

select coalesce(expected.country_iso3, root_causes.country_iso3) as country_iso3,
    coalesce(expected.year, root_causes.year) as year,
    case when root_causes.country_iso3 is null then 'missing' else 'not in the hemisphere' end as problem
from expected
full outer join root_causes
    on root_causes.country_iso3 = expected.country_iso3 and root_causes.year = expected.year
where expected.country_iso3 is null or root_causes.country_iso3 is null
