-- The blocs the two papers compare, one row per bloc and member economy, with the date from which
-- the member counts in the bloc's totals. Membership comes from dim_trade_agreement, dim_country
-- and, for the tariff paper's partners, the paper's own list:
--   * agreement blocs (cafta_dr, usmca): the current signatories other than the US of the
--     agreement in force whose WTO name matches the pattern (RTA IDs differ between the real export
--     and the sample). Each member counts from its own entry into force (dim_trade_agreement, i.e.
--     seeds/us_fta_member_dates.csv): Costa Rica in CAFTA-DR from 2009. USMCA partners count from
--     their entry into its predecessor NAFTA, which USMCA replaced on 2020-07-01 with the same members.
--   * US FTA partners in the Western Hemisphere (us_fta_wh; int_trade__us_fta_partners), each
--     counted from its first US agreement (Canada: CUSFTA 1989; Mexico: NAFTA 1994), and the same
--     without the USMCA partners (us_fta_wh_ex_usmca).
--   * tariff_paper_partners: the partners the tariff paper names (seed tariff_scenario_rates,
--     is_tariff_paper_partner), in every year.
--   * subregion blocs: dim_country.subregion (M49; Mexico is in Central America there), in every
--     year; lac_ex_mex leaves Mexico out.
-- A member with a member_since date counts from first_counted_month, the first calendar month the
-- agreement was in force for the whole month (Colombia, in force 2012-05-15, from June 2012).
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
            ('usmca', 'USMCA partners', {{ regex_literal('\\(USMCA') }}, {{ regex_literal('\\(NAFTA\\)') }}),
            ('cafta_dr', 'CAFTA-DR', {{ regex_literal('\\(CAFTA-DR\\)') }}, null)
    ) as t (bloc_code, bloc, agreement_name_pattern, predecessor_name_pattern)
),

subregion_blocs as (
    select * from (
        values
            ('lac', 'Latin America and the Caribbean', 'Central America', null),
            ('lac', 'Latin America and the Caribbean', 'Caribbean', null),
            ('lac', 'Latin America and the Caribbean', 'South America', null),
            ('lac_ex_mex', 'Latin America and the Caribbean, excluding Mexico', 'Central America', 'MEX'),
            ('lac_ex_mex', 'Latin America and the Caribbean, excluding Mexico', 'Caribbean', 'MEX'),
            ('lac_ex_mex', 'Latin America and the Caribbean, excluding Mexico', 'South America', 'MEX'),
            ('south_america', 'South America', 'South America', null),
            ('southeast_asia', 'Southeast Asia', 'Southeast Asia', null),
            ('china', 'China', 'China', null)
    ) as t (bloc_code, bloc, subregion, excluded_iso3)
),

-- The partners the tariff paper names as facing "10 percent tariffs" (Colombia, Chile, Panama,
-- Peru and the CAFTA-DR nations Costa Rica, the Dominican Republic, El Salvador, Guatemala and
-- Honduras): the reviewed seed that mart_tariff_exposure applies its scenario to. Nicaragua, the
-- sixth CAFTA-DR partner, is listed there for reference only: it faced another rate.
tariff_paper_partners as (
    select partner_iso3, partner_name from {{ ref('tariff_scenario_rates') }} where is_tariff_paper_partner
),

matched_agreements as (
    select distinct
        agreement_blocs.bloc_code,
        agreement_members.rta_id,
        agreement_members.agreement_name
    from agreement_blocs
    inner join agreement_members
        on {{ regexp_contains('agreement_members.agreement_name', 'agreement_blocs.agreement_name_pattern') }}
    where agreement_members.is_in_force
),

predecessor_dates as (
    select
        agreement_blocs.bloc_code,
        agreement_members.member_iso3 as partner_iso3,
        min(agreement_members.entry_into_force) as entry_into_force,
        {{ listagg_sorted('distinct agreement_members.agreement_name', "'; '", 'order by agreement_members.agreement_name') }}
            as agreement_name
    from agreement_blocs
    inner join agreement_members
        on {{ regexp_contains('agreement_members.agreement_name', 'agreement_blocs.predecessor_name_pattern') }}
    group by agreement_blocs.bloc_code, agreement_members.member_iso3
),

agreement_bloc_members as (
    select
        matched_agreements.bloc_code,
        agreement_members.member_iso3 as partner_iso3,
        least(agreement_members.entry_into_force, predecessor_dates.entry_into_force) as member_since
    from matched_agreements
    inner join agreement_members on agreement_members.rta_id = matched_agreements.rta_id
    left join predecessor_dates
        on predecessor_dates.bloc_code = matched_agreements.bloc_code
        and predecessor_dates.partner_iso3 = agreement_members.member_iso3
    where agreement_members.is_in_force_for_member
        and agreement_members.member_iso3 != 'USA'
),

us_fta_bloc_members as (
    select
        'us_fta_wh' as bloc_code,
        partner_iso3,
        first_entry_into_force as member_since
    from us_fta_partners
    union all
    select
        'us_fta_wh_ex_usmca' as bloc_code,
        partner_iso3,
        first_entry_into_force as member_since
    from us_fta_partners
    where partner_iso3 not in (select partner_iso3 from agreement_bloc_members where bloc_code = 'usmca')
),

paper_bloc_members as (
    select
        'tariff_paper_partners' as bloc_code,
        partner_iso3,
        cast(null as date) as member_since
    from tariff_paper_partners
),

subregion_bloc_members as (
    select
        subregion_blocs.bloc_code,
        countries.country_iso3 as partner_iso3,
        cast(null as date) as member_since
    from subregion_blocs
    inner join countries on countries.subregion = subregion_blocs.subregion
    where countries.country_iso3 is distinct from subregion_blocs.excluded_iso3
),

all_members as (
    select * from agreement_bloc_members
    union all
    select * from us_fta_bloc_members
    union all
    select * from paper_bloc_members
    union all
    select * from subregion_bloc_members
),

bloc_definitions as (
    select
        agreement_blocs.bloc_code,
        agreement_blocs.bloc,
        'agreement' as bloc_kind,
        'current signatories other than the US of '
            || coalesce(
                {{ listagg_sorted('distinct matched_agreements.agreement_name', "'; '", 'order by matched_agreements.agreement_name') }},
                'no agreement in force matching ' || agreement_blocs.agreement_name_pattern
            )
            || ', each counted from its own entry into force'
            || case when agreement_blocs.predecessor_name_pattern is not null
                then ' of it or of the agreement it replaced with the same members ('
                    || coalesce(min(predecessor_dates.agreement_name), 'none found matching ' || agreement_blocs.predecessor_name_pattern)
                    || ')'
                else ''
            end
            as bloc_basis
    from agreement_blocs
    left join matched_agreements on matched_agreements.bloc_code = agreement_blocs.bloc_code
    left join predecessor_dates on predecessor_dates.bloc_code = agreement_blocs.bloc_code
    group by agreement_blocs.bloc_code, agreement_blocs.bloc, agreement_blocs.agreement_name_pattern, agreement_blocs.predecessor_name_pattern
    union all
    select
        'us_fta_wh',
        'US FTA partners in the Western Hemisphere',
        'us fta partners',
        'economies of the Americas other than the US with a US free-trade agreement in force for them, each counted '
            || 'from the entry into force of its first US agreement (Canada: CUSFTA 1989; Mexico: NAFTA 1994), '
            || 'none of them having been without one since'
    union all
    select
        'us_fta_wh_ex_usmca',
        'US FTA partners in the Western Hemisphere, excluding USMCA',
        'us fta partners',
        'the US FTA partners in the Western Hemisphere other than the USMCA partners (Canada, Mexico), '
            || 'each counted from the entry into force of its first US agreement'
    union all
    select
        'tariff_paper_partners',
        'FTA partners named in the 10% tariff paper',
        'paper list',
        'the FTA partners the tariff paper names as facing the 10% tariff (seed tariff_scenario_rates): '
            || (select {{ listagg_sorted('partner_name', "', '", 'order by partner_name') }} from tariff_paper_partners)
            || '; not Nicaragua, which faced another rate; the same partners in every year, whatever their agreements'' dates'
    union all
    select
        bloc_code,
        min(bloc),
        'subregion',
        'dim_country.subregion in (' || {{ listagg_sorted('subregion', "', '", 'order by subregion') }} || '), in every year'
            || coalesce(', excluding ' || min(excluded_iso3), '')
    from subregion_blocs
    group by bloc_code
),

final as (
    select
        bloc_definitions.bloc_code,
        bloc_definitions.bloc,
        bloc_definitions.bloc_kind,
        bloc_definitions.bloc_basis,
        all_members.partner_iso3,
        all_members.member_since,
        -- The first calendar month the agreement was in force for the whole month.
        case
            when extract(day from all_members.member_since) = 1 then all_members.member_since
            else cast({{ dbt.dateadd('month', 1, dbt.date_trunc('month', 'all_members.member_since')) }} as date)
        end as first_counted_month
    from bloc_definitions
    left join all_members on all_members.bloc_code = bloc_definitions.bloc_code
)

select * from final
