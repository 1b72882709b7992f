{{ config(meta={'dagster': {'ref': {'name': 'dim_trade_agreement'}}}) }}
-- dim_trade_agreement drops signatories without ISO3. None of that may cost a Western Hemisphere
-- agreement a member:
--   1. every agreement the WTO places in an Americas region and that has signatories is in the dim;
--   2. every signatory with an ISO3 of an agreement in the dim is in the dim;
--   3. every signatory without ISO3 of an agreement in the dim is listed in
--      int_trade__rta_parties_without_iso3, and when it is a bloc, its own agreement in force is
--      found and every current member of it is in the dim under this agreement.
with members as (
    select * from {{ ref('stg_trade_agreements__rta_members') }}
),

rtas as (
    select * from {{ ref('stg_trade_agreements__rtas') }}
),

dim as (
    select * from {{ ref('dim_trade_agreement') }}
),

parties as (
    select * from {{ ref('int_trade__rta_parties_without_iso3') }}
),

included as (
    select distinct rta_id from dim
),

americas_agreements_missing as (
    select
        rtas.rta_id,
        rtas.rta_name,
        cast(null as {{ dbt.type_string() }}) as member_name,
        'agreement in an Americas region with signatories is missing from dim_trade_agreement' as problem
    from rtas
    where {{ regexp_contains('rtas.region', "'North America|Central America|South America|Caribbean'") }}
        and rtas.rta_id in (select rta_id from members)
        and rtas.rta_id not in (select rta_id from included)
),

named_members_missing as (
    select
        members.rta_id,
        rtas.rta_name,
        members.member_name,
        'signatory ' || members.member_iso3 || ' is missing from dim_trade_agreement' as problem
    from members
    inner join included on included.rta_id = members.rta_id
    inner join rtas on rtas.rta_id = members.rta_id
    left join dim
        on dim.rta_id = members.rta_id
        and dim.member_iso3 = members.member_iso3
    where members.member_iso3 is not null
        and dim.rta_id is null
),

null_iso3_signatories as (
    select members.rta_id, rtas.rta_name, members.member_name
    from members
    inner join included on included.rta_id = members.rta_id
    inner join rtas on rtas.rta_id = members.rta_id
    where members.member_iso3 is null
),

parties_unlisted as (
    select
        null_iso3_signatories.*,
        'signatory without ISO3 is not listed in int_trade__rta_parties_without_iso3' as problem
    from null_iso3_signatories
    where member_name not in (select party_name from parties)
),

bloc_agreements as (
    select parties.party_name, rtas.rta_id as bloc_rta_id
    from parties
    inner join rtas
        on rtas.rta_name = parties.own_agreement_name
        and rtas.status = 'In Force'
    where parties.party_kind = 'agreement'
),

blocs_not_found as (
    select
        null_iso3_signatories.*,
        'bloc signatory whose own agreement in force is not found by name' as problem
    from null_iso3_signatories
    inner join parties
        on parties.party_name = null_iso3_signatories.member_name
        and parties.party_kind = 'agreement'
    where null_iso3_signatories.member_name not in (select party_name from bloc_agreements)
),

bloc_members_missing as (
    select
        null_iso3_signatories.rta_id,
        null_iso3_signatories.rta_name,
        null_iso3_signatories.member_name,
        'member ' || bloc_members.member_iso3 || ' of the bloc signatory is missing from dim_trade_agreement' as problem
    from null_iso3_signatories
    inner join bloc_agreements on bloc_agreements.party_name = null_iso3_signatories.member_name
    inner join members as bloc_members
        on bloc_members.rta_id = bloc_agreements.bloc_rta_id
        and bloc_members.is_current_signatory
        and bloc_members.member_iso3 is not null
    left join dim
        on dim.rta_id = null_iso3_signatories.rta_id
        and dim.member_iso3 = bloc_members.member_iso3
    where dim.rta_id is null
)

select * from americas_agreements_missing
union all
select * from named_members_missing
union all
select * from parties_unlisted
union all
select * from blocs_not_found
union all
select * from bloc_members_missing
