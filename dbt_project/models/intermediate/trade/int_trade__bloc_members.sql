-- The blocs the trade paper compares, one row per bloc and member economy. Membership comes from
-- dim_trade_agreement and dim_country, never from a list of countries:
--   * agreement blocs: the current signatories other than the US of the agreement in force whose
--     WTO name matches the pattern (RTA IDs differ between the real export and the sample);
--   * the US FTA partners in the Western Hemisphere (int_trade__us_fta_partners);
--   * subregion blocs: dim_country.subregion (M49; Mexico is in Central America there).
-- Membership is today's, applied to every year, so a bloc's series has a constant composition.
-- A bloc that finds no member keeps one row with a null partner_iso3, and its not_null test fails.
with agreement_members as (
    select * from {{ ref('dim_trade_agreement') }}
),

us_fta_partners as (
    select * from {{ ref('int_trade__us_fta_partners') }}
),

countries as (
    select * from {{ ref('dim_country') }}
),

agreement_blocs as (
    select * from (
        values
            ('USMCA partners', '\(USMCA'),
            ('CAFTA-DR', '\(CAFTA-DR\)')
    ) as t (bloc, agreement_name_pattern)
),

subregion_blocs as (
    select * from (
        values
            ('Latin America and the Caribbean', 'Central America'),
            ('Latin America and the Caribbean', 'Caribbean'),
            ('Latin America and the Caribbean', 'South America'),
            ('South America', 'South America'),
            ('Southeast Asia', 'Southeast Asia'),
            ('China', 'China')
    ) as t (bloc, subregion)
),

us_fta_bloc as (
    select 'US FTA partners in the Western Hemisphere' as bloc
),

matched_agreements as (
    select distinct
        agreement_blocs.bloc,
        agreement_members.rta_id,
        agreement_members.agreement_name,
    from agreement_blocs
    inner join agreement_members
        on regexp_matches(agreement_members.agreement_name, agreement_blocs.agreement_name_pattern)
    where agreement_members.is_in_force
),

bloc_definitions as (
    select
        agreement_blocs.bloc,
        'agreement' as bloc_kind,
        'current signatories other than the US of '
            || coalesce(string_agg(distinct matched_agreements.agreement_name, '; '), 'no agreement in force matching ' || agreement_blocs.agreement_name_pattern)
            as bloc_basis,
    from agreement_blocs
    left join matched_agreements on matched_agreements.bloc = agreement_blocs.bloc
    group by agreement_blocs.bloc, agreement_blocs.agreement_name_pattern
    union all
    select
        bloc,
        'us fta partners' as bloc_kind,
        'current Western Hemisphere signatories of every agreement in force with the US' as bloc_basis,
    from us_fta_bloc
    union all
    select
        bloc,
        'subregion' as bloc_kind,
        'dim_country.subregion in (' || string_agg(subregion, ', ' order by subregion) || ')' as bloc_basis,
    from subregion_blocs
    group by bloc
),

agreement_bloc_members as (
    select distinct
        matched_agreements.bloc,
        agreement_members.member_iso3 as partner_iso3,
    from matched_agreements
    inner join agreement_members on agreement_members.rta_id = matched_agreements.rta_id
    where agreement_members.is_current_signatory
        and agreement_members.member_iso3 != 'USA'
),

us_fta_bloc_members as (
    select
        us_fta_bloc.bloc,
        us_fta_partners.partner_iso3,
    from us_fta_bloc
    cross join us_fta_partners
),

subregion_bloc_members as (
    select
        subregion_blocs.bloc,
        countries.country_iso3 as partner_iso3,
    from subregion_blocs
    inner join countries on countries.subregion = subregion_blocs.subregion
),

all_members as (
    select * from agreement_bloc_members
    union all
    select * from us_fta_bloc_members
    union all
    select * from subregion_bloc_members
),

final as (
    select
        bloc_definitions.bloc,
        bloc_definitions.bloc_kind,
        bloc_definitions.bloc_basis,
        all_members.partner_iso3,
    from bloc_definitions
    left join all_members on all_members.bloc = bloc_definitions.bloc
)

select * from final
