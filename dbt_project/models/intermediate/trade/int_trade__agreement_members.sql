-- Every agreement's member economies, one row per agreement and ISO3: the signatories named with
-- an ISO3, plus the current members of each signatory that is itself an agreement (expanded one
-- level through that agreement's own WTO row), each with the date the agreement entered into force
-- for that member. The WTO gives one date per agreement (the first member's), so the member's date
-- is, in this order: the reviewed USTR date of seeds/us_fta_member_dates.csv (US agreements in
-- the hemisphere), the member's own date in the WTO's "Specific Entry/Exit dates" column, or the
-- agreement's date.
with members as (
    select * from {{ ref('stg_trade_agreements__rta_members') }}
),

rtas as (
    select * from {{ ref('stg_trade_agreements__rtas') }}
),

parties as (
    select * from {{ ref('int_trade__rta_parties_without_iso3') }}
),

us_fta_member_dates as (
    select * from {{ ref('us_fta_member_dates') }}
),

party_agreements as (
    select
        parties.party_name,
        rtas.rta_id as party_rta_id
    from parties
    inner join rtas
        on rtas.rta_name = parties.own_agreement_name
        -- GCC and AFTA each have an older inactive row under the same name.
        and rtas.status = 'In Force'
    where parties.party_kind = 'agreement'
),

party_member_economies as (
    select
        party_agreements.party_name,
        members.member_iso3,
        members.member_name
    from party_agreements
    inner join members on members.rta_id = party_agreements.party_rta_id
    where members.is_current_signatory and members.member_iso3 is not null
),

named_members as (
    select
        rta_id,
        member_iso3,
        member_name,
        cast(null as {{ dbt.type_string() }}) as member_via_bloc,
        is_current_signatory,
        is_original_signatory
    from members
    where member_iso3 is not null
),

members_through_parties as (
    select
        members.rta_id,
        party_member_economies.member_iso3,
        party_member_economies.member_name,
        members.member_name as member_via_bloc,
        members.is_current_signatory,
        members.is_original_signatory
    from members
    inner join party_member_economies on party_member_economies.party_name = members.member_name
    where members.member_iso3 is null
),

all_members as (
    select * from named_members
    union all
    select * from members_through_parties
),

-- EU - Mexico names the EC-15 as original signatories and the EU as the current one: a state
-- named in its own right keeps its row, with the flags of both routes.
merged as (
    select
        rta_id,
        member_iso3,
        coalesce(min(member_name) filter (where member_via_bloc is null), min(member_name)) as member_name,
        case when {{ dbt.bool_or("member_via_bloc is null") }} then null else min(member_via_bloc) end as member_via_bloc,
        {{ dbt.bool_or("is_current_signatory") }} as is_current_signatory,
        {{ dbt.bool_or("is_original_signatory") }} as is_original_signatory
    from all_members
    group by rta_id, member_iso3
),

-- "Costa Rica(01-Jan-2009 - ); United Kingdom( - 31-Dec-2020)": a member's own entry and exit
-- dates, '; '-separated. 01-Jan-9999 is the WTO's placeholder for "not yet in force for this member"
-- (Canada and Mexico in the CPTPP accession of the United Kingdom).
wto_member_dates_pieces as (
    select rta_id, trim(piece) as piece
    from rtas
    {{ cross_join_split('specific_entry_exit_dates', "'; '", 'piece') }}
    where nullif(trim(specific_entry_exit_dates), '') is not null
),

{#- Groups: the member's name, its entry date, its exit date; a group that is absent reads ''. -#}
{%- set member_dates_pattern -%}
^(.*)\(\s*([0-9]{2}-[A-Za-z]{3}-[0-9]{4})?\s*-\s*([0-9]{2}-[A-Za-z]{3}-[0-9]{4})?\s*\)$
{%- endset %}

wto_member_dates_listed as (
    select
        rta_id,
        regexp_extract(piece, {{ regex_literal(member_dates_pattern) }}, 1) as member_name,
        regexp_extract(piece, {{ regex_literal(member_dates_pattern) }}, 2) as entry_text,
        regexp_extract(piece, {{ regex_literal(member_dates_pattern) }}, 3) as exit_text
    from wto_member_dates_pieces
),

wto_member_dates as (
    select
        rta_id,
        trim(member_name) as member_name,
        entry_text = '01-Jan-9999' as is_entry_pending,
        case when entry_text not in ('', '01-Jan-9999')
            then {{ parse_date('entry_text', '%d-%b-%Y') }}
        end as entry_date,
        case when exit_text != ''
            then {{ parse_date('exit_text', '%d-%b-%Y') }}
        end as exit_date
    from wto_member_dates_listed
    where member_name != ''
),

dated as (
    select
        merged.*,
        case
            when us_fta_member_dates.entry_into_force is not null then us_fta_member_dates.entry_into_force
            when wto_member_dates.is_entry_pending then null
            else coalesce(wto_member_dates.entry_date, rtas.entry_into_force_goods)
        end as member_entry_into_force,
        case
            when us_fta_member_dates.entry_into_force is not null then 'USTR (seed us_fta_member_dates)'
            when wto_member_dates.is_entry_pending then 'WTO: not yet in force for this member'
            when wto_member_dates.entry_date is not null then 'WTO member-specific date'
            when rtas.entry_into_force_goods is not null then 'WTO agreement date'
        end as member_entry_into_force_source,
        us_fta_member_dates.source_url as member_entry_into_force_source_url,
        wto_member_dates.entry_date as wto_member_entry_date,
        wto_member_dates.exit_date as member_exit_date
    from merged
    inner join rtas on rtas.rta_id = merged.rta_id
    left join us_fta_member_dates
        on us_fta_member_dates.wto_agreement_name = rtas.rta_name
        and us_fta_member_dates.member_iso3 = merged.member_iso3
    left join wto_member_dates
        on wto_member_dates.rta_id = merged.rta_id
        and wto_member_dates.member_name = merged.member_name
)

select * from dated
