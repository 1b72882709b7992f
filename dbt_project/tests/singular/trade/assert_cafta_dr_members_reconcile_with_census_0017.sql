{{ config(meta={'dagster': {'ref': {'name': 'agg_us_goods_trade_by_bloc'}}}) }}
-- Census's own CAFTA-DR row 0017 holds the six members in every year. Fails when:
--   1. the six members (int_trade__bloc_members, read without their dates) do not add up to 0017
--      in a year and flow, within the check's tolerance (0.0001%; the snapshot agrees within
--      1e-11): a member is missing or mapped to the wrong code;
--   2. agg_us_goods_trade_by_bloc's CAFTA-DR (cafta_dr), which counts each member only from its own
--      entry into force, differs from 0017 in a year in which all six counted in every month
--      (2009 on), or exceeds it in an earlier year (it can only leave members out).
with reconciliation as (
    select * from {{ ref('fct_trade_reconciliation') }}
    where check_name = 'cafta_dr_members_vs_census_0017'
),

bloc as (
    select * from {{ ref('agg_us_goods_trade_by_bloc') }} where bloc_code = 'cafta_dr'
),

census_0017 as (
    select * from {{ ref('fct_us_goods_trade_annual') }} where census_code = '0017'
),

members_vs_0017 as (
    select
        'six members vs Census 0017' as comparison,
        year, flow, value_usd, reference_usd, difference_usd, difference_pct,
        cast(null as {{ dbt.type_string() }}) as member_iso3s
    from reconciliation
    where not is_within_tolerance
),

bloc_by_flow as (
    select year, 'exports' as flow, exports_usd as value_usd, member_count, member_iso3s, part_year_member_iso3s from bloc
    union all
    select year, 'imports', imports_usd, member_count, member_iso3s, part_year_member_iso3s from bloc
),

census_by_flow as (
    select year, 'exports' as flow, exports_usd as reference_usd from census_0017
    union all
    select year, 'imports', imports_usd from census_0017
),

bloc_vs_0017 as (
    select
        case
            when bloc_by_flow.member_count = 6 and bloc_by_flow.part_year_member_iso3s is null
                then 'cafta_dr bloc (all six all year) vs Census 0017'
            else 'cafta_dr bloc (members in force only) above Census 0017'
        end as comparison,
        bloc_by_flow.year,
        bloc_by_flow.flow,
        bloc_by_flow.value_usd,
        census_by_flow.reference_usd,
        bloc_by_flow.value_usd - census_by_flow.reference_usd as difference_usd,
        (bloc_by_flow.value_usd - census_by_flow.reference_usd) / nullif(census_by_flow.reference_usd, 0) * 100 as difference_pct,
        bloc_by_flow.member_iso3s
    from bloc_by_flow
    left join census_by_flow
        on census_by_flow.year = bloc_by_flow.year
        and census_by_flow.flow = bloc_by_flow.flow
    where census_by_flow.reference_usd is null
        or (
            bloc_by_flow.member_count = 6 and bloc_by_flow.part_year_member_iso3s is null
            and abs(bloc_by_flow.value_usd - census_by_flow.reference_usd) > 1e-6 * abs(census_by_flow.reference_usd)
        )
        or bloc_by_flow.value_usd > census_by_flow.reference_usd * (1 + 1e-6)
)

select * from members_vs_0017
union all
select * from bloc_vs_0017
