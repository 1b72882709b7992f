{{ config(meta={'dagster': {'ref': {'name': 'mart_migration_root_causes'}}}) }}
-- remittances_usd in the root-causes mart is the preferred total of fct_remittances, never another.
with preferred as (
    select receiving_iso3, year, value_usd, source
    from {{ ref('fct_remittances') }}
    where sending_iso3 is null and preferred
),

root_causes as (
    select country_iso3, year, remittances_usd, remittances_source
    from {{ ref('mart_migration_root_causes') }}
)

select root_causes.country_iso3, root_causes.year, root_causes.remittances_usd, preferred.value_usd
from root_causes
left join preferred on preferred.receiving_iso3 = root_causes.country_iso3 and preferred.year = root_causes.year
where root_causes.remittances_usd is distinct from preferred.value_usd
   or root_causes.remittances_source is distinct from preferred.source
