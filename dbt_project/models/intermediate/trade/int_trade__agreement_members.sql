-- Every agreement's member economies, one row per agreement and ISO3: the signatories named with
-- an ISO3, plus the current members of each signatory that is itself an agreement (expanded one
-- level through that agreement's own WTO row).
with members as (
    select * from {{ ref('stg_trade_agreements__rta_members') }}
),

rtas as (
    select * from {{ ref('stg_trade_agreements__rtas') }}
),

parties as (
    select * from {{ ref('int_trade__rta_parties_without_iso3') }}
),

party_agreements as (
    select
        parties.party_name,
        rtas.rta_id as party_rta_id,
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
        members.member_name,
    from party_agreements
    inner join members on members.rta_id = party_agreements.party_rta_id
    where members.is_current_signatory and members.member_iso3 is not null
),

named_members as (
    select
        rta_id,
        member_iso3,
        member_name,
        cast(null as varchar) as member_via_bloc,
        is_current_signatory,
        is_original_signatory,
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
        members.is_original_signatory,
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
        case when bool_or(member_via_bloc is null) then null else min(member_via_bloc) end as member_via_bloc,
        bool_or(is_current_signatory) as is_current_signatory,
        bool_or(is_original_signatory) as is_original_signatory,
    from all_members
    group by rta_id, member_iso3
)

select * from merged
