-- One row per agreement with a Western Hemisphere member and member economy. entry_into_force is
-- the member's own date (int_trade__agreement_members); the WTO's single agreement date is kept
-- beside it as agreement_entry_into_force.
with agreement_members as (
    select * from {{ ref('int_trade__agreement_members') }}
),

rtas as (
    select * from {{ ref('stg_trade_agreements__rtas') }}
),

countries as (
    select * from {{ ref('dim_country') }}
),

members_with_region as (
    select
        agreement_members.*,
        countries.is_western_hemisphere as is_western_hemisphere_member
    from agreement_members
    inner join countries on countries.country_iso3 = agreement_members.member_iso3
),

agreement_parties as (
    select
        rta_id,
        {{ dbt.bool_or("is_western_hemisphere_member") }} as has_western_hemisphere_member,
        {{ dbt.bool_or("member_iso3 = 'USA' and member_via_bloc is null") }} as is_us_party
    from members_with_region
    group by rta_id
),

final as (
    select
        rtas.rta_id,
        rtas.rta_name as agreement_name,
        members_with_region.member_iso3,
        members_with_region.member_name,
        members_with_region.member_via_bloc,
        members_with_region.is_current_signatory,
        members_with_region.is_original_signatory,
        members_with_region.is_western_hemisphere_member,
        agreement_parties.is_us_party,
        rtas.coverage,
        rtas.agreement_type,
        rtas.status,
        rtas.status in ('In Force', 'In force for at least one Party') as is_in_force,
        -- In force for this member: the agreement is, the member is a current signatory with a
        -- known date of its own, and the WTO records no exit for it.
        rtas.status in ('In Force', 'In force for at least one Party')
            and members_with_region.is_current_signatory
            and members_with_region.member_entry_into_force is not null
            and members_with_region.member_exit_date is null
            as is_in_force_for_member,
        rtas.signature_date_goods as signature_date,
        members_with_region.member_entry_into_force as entry_into_force,
        members_with_region.member_entry_into_force_source as entry_into_force_source,
        members_with_region.member_entry_into_force_source_url as entry_into_force_source_url,
        rtas.entry_into_force_goods as agreement_entry_into_force,
        members_with_region.member_exit_date,
        rtas.entry_into_force_services,
        rtas.inactive_date,
        rtas.region,
        rtas.source_vintage,
        rtas.raw_sha256
    from members_with_region
    inner join agreement_parties on agreement_parties.rta_id = members_with_region.rta_id
    inner join rtas on rtas.rta_id = members_with_region.rta_id
    where agreement_parties.has_western_hemisphere_member
)

select * from final
