-- The US free-trade partners in the Western Hemisphere: every economy other than the US for which
-- an agreement with the US is in force (dim_trade_agreement.is_in_force_for_member: the agreement
-- is in force, the economy is a current signatory with a date of its own and no exit). One row per
-- partner, with the agreement in force now and the first US agreement it ever had (CUSFTA for
-- Canada, NAFTA for Mexico). Every date is the member's own (dim_trade_agreement.entry_into_force:
-- Costa Rica's CAFTA-DR is 2009-01-01, not the WTO's 2006-03-01).
with agreement_members as (
    select * from {{ ref('dim_trade_agreement') }}
),

us_agreement_partners as (
    select *
    from agreement_members
    where is_us_party
        and member_iso3 != 'USA'
        and is_western_hemisphere_member
        and entry_into_force is not null
),

agreement_in_force as (
    select partner_iso3, partner_name, rta_id, agreement_name, entry_into_force, agreement_entry_into_force
    from (
        select
            member_iso3 as partner_iso3,
            member_name as partner_name,
            rta_id,
            agreement_name,
            entry_into_force,
            agreement_entry_into_force,
            -- A partner under two US agreements in force would be listed under the newer one.
            row_number() over (partition by member_iso3 order by entry_into_force desc, rta_id) as recency
        from us_agreement_partners
        where is_in_force_for_member
    ) as ranked
    where recency = 1
),

first_agreement as (
    select partner_iso3, first_rta_id, first_agreement_name, first_entry_into_force
    from (
        select
            member_iso3 as partner_iso3,
            rta_id as first_rta_id,
            agreement_name as first_agreement_name,
            entry_into_force as first_entry_into_force,
            row_number() over (partition by member_iso3 order by entry_into_force, rta_id) as seniority
        from us_agreement_partners
    ) as ranked
    where seniority = 1
),

final as (
    select
        agreement_in_force.*,
        first_agreement.first_rta_id,
        first_agreement.first_agreement_name,
        first_agreement.first_entry_into_force
    from agreement_in_force
    inner join first_agreement using (partner_iso3)
)

select * from final
