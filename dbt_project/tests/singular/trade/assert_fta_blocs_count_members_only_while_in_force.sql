{{ config(meta={'dagster': {'ref': {'name': 'agg_us_goods_trade_by_bloc'}}}) }}
-- A partner counts in an FTA bloc (bloc_kind 'agreement' or 'us fta partners') only from its
-- agreement's entry into force for it. Fails, one row per bloc, year and member, when
-- agg_us_goods_trade_by_bloc lists a member in a year before the year its agreement entered into
-- force for it, or leaves out a member whose agreement was in force all year and that Census
-- reports that year.
with bloc_years as (
    select * from {{ ref('agg_us_goods_trade_by_bloc') }}
    where bloc_kind in ('agreement', 'us fta partners')
),

bloc_members as (
    select * from {{ ref('int_trade__bloc_members') }}
    where bloc_kind in ('agreement', 'us fta partners')
),

annual as (
    select * from {{ ref('fct_us_goods_trade_annual') }}
    where partner_kind = 'economy' and months_reported > 0
),

listed as (
    select bloc_code, year, trim(listed_iso3) as partner_iso3
    from bloc_years
    {{ cross_join_split('member_iso3s', "','", 'listed_iso3') }}
),

listed_too_early as (
    select
        listed.bloc_code,
        listed.year,
        listed.partner_iso3,
        bloc_members.member_since,
        'counted before its agreement entered into force for it' as problem
    from listed
    left join bloc_members
        on bloc_members.bloc_code = listed.bloc_code
        and bloc_members.partner_iso3 = listed.partner_iso3
    where bloc_members.member_since is null
        or listed.year < extract(year from bloc_members.member_since)
),

in_force_all_year_but_missing as (
    select
        bloc_members.bloc_code,
        annual.year,
        bloc_members.partner_iso3,
        bloc_members.member_since,
        'in force all year and reported by Census, but not counted' as problem
    from bloc_members
    inner join annual
        on annual.partner_iso3 = bloc_members.partner_iso3
        and annual.year > extract(year from bloc_members.member_since)
    left join listed
        on listed.bloc_code = bloc_members.bloc_code
        and listed.year = annual.year
        and listed.partner_iso3 = bloc_members.partner_iso3
    where listed.partner_iso3 is null
)

select * from listed_too_early
union all
select * from in_force_all_year_but_missing
