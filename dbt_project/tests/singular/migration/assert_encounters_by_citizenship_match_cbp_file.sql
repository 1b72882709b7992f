{{ config(meta={'dagster': {'ref': {'name': 'fct_border_encounters_monthly'}}}) }}
-- Every encounter in the CBP file lands in the monthly fact under its citizenship (OTHER
-- included): sums by citizenship, and the grand total, equal the raw table's.
with raw_file as (
    select coalesce(citizenship_iso3, 'OTHER') as citizenship_iso3, sum(encounter_count) as encounters
    from {{ source('cbp_encounters', 'cbp_encounters') }}
    group by 1
    union all
    select 'ALL', sum(encounter_count) from {{ source('cbp_encounters', 'cbp_encounters') }}
),

fact as (
    select citizenship_iso3, sum(encounters) as encounters
    from {{ ref('fct_border_encounters_monthly') }}
    group by 1
    union all
    select 'ALL', sum(encounters) from {{ ref('fct_border_encounters_monthly') }}
)

select
    coalesce(raw_file.citizenship_iso3, fact.citizenship_iso3) as citizenship_iso3,
    raw_file.encounters as raw_encounters,
    fact.encounters as fact_encounters
from raw_file
full outer join fact on fact.citizenship_iso3 = raw_file.citizenship_iso3
where raw_file.encounters is distinct from fact.encounters
