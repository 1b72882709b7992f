{{ config(meta={'dagster': {'ref': {'name': 'dim_trade_agreement'}}}) }}
-- seeds/us_fta_member_dates.csv gives each US FTA partner in the hemisphere its own entry-into-force
-- date (USTR), which dim_trade_agreement, the scorecard and the FTA blocs use. Fails, one row per
-- problem, when:
--   1. a seed row names an agreement (wto_agreement_name) and member that the WTO export does not
--      have, or has twice: its date would silently not apply;
--   2. the WTO gives the member a date of its own ("Specific Entry/Exit dates") that differs;
--   3. the agreement is bilateral and the WTO's one date differs (it is the member's date);
--   4. the date is before the agreement's first entry into force anywhere;
--   5. a current partner in the hemisphere of a US agreement in force has no seed row (a new
--      agreement or accession: review its date with USTR and add it).
with seed as (
    select * from {{ ref('us_fta_member_dates') }}
),

rtas as (
    select * from {{ ref('stg_trade_agreements__rtas') }}
),

members as (
    select * from {{ ref('int_trade__agreement_members') }}
),

dim as (
    select * from {{ ref('dim_trade_agreement') }}
),

non_us_member_counts as (
    select rta_id, count(*) filter (where member_iso3 != 'USA') as non_us_members
    from members
    group by rta_id
),

seed_matched as (
    select
        seed.agreement_code,
        seed.member_iso3,
        seed.entry_into_force,
        count(members.rta_id) as matches,
        min(members.wto_member_entry_date) as wto_member_entry_date,
        min(rtas.entry_into_force_goods) as wto_agreement_entry_into_force,
        min(non_us_member_counts.non_us_members) as non_us_members
    from seed
    left join rtas on rtas.rta_name = seed.wto_agreement_name
    left join members
        on members.rta_id = rtas.rta_id
        and members.member_iso3 = seed.member_iso3
    left join non_us_member_counts on non_us_member_counts.rta_id = rtas.rta_id
    group by seed.agreement_code, seed.member_iso3, seed.entry_into_force
),

seed_problems as (
    select
        agreement_code,
        member_iso3,
        entry_into_force,
        wto_member_entry_date,
        wto_agreement_entry_into_force,
        case
            when matches != 1
                then 'matches ' || matches || ' members of WTO agreements named wto_agreement_name (expected 1)'
            when wto_member_entry_date is not null and wto_member_entry_date != entry_into_force
                then 'differs from the WTO''s member-specific entry-into-force date'
            when non_us_members = 1 and wto_agreement_entry_into_force != entry_into_force
                then 'differs from the WTO''s date of this bilateral agreement'
            when entry_into_force < wto_agreement_entry_into_force
                then 'is before the agreement''s first entry into force (WTO)'
        end as problem
    from seed_matched
),

partners_without_seed_date as (
    select
        cast(null as {{ dbt.type_string() }}) as agreement_code,
        dim.member_iso3,
        dim.entry_into_force,
        cast(null as date) as wto_member_entry_date,
        dim.agreement_entry_into_force as wto_agreement_entry_into_force,
        'current partner of the US agreement in force ''' || dim.agreement_name
            || ''' has no reviewed date in seeds/us_fta_member_dates.csv' as problem
    from dim
    where dim.is_us_party
        and dim.is_in_force
        and dim.is_current_signatory
        and dim.is_western_hemisphere_member
        and dim.member_iso3 != 'USA'
        and dim.entry_into_force_source is distinct from 'USTR (seed us_fta_member_dates)'
)

select * from seed_problems where problem is not null
union all
select * from partners_without_seed_date
