-- US goods trade with each bloc by year: the sum, month by month, of the Census rows of the
-- members that count in that month (int_trade__bloc_members.first_counted_month), so a member of
-- an FTA bloc adds to it only once its agreement is in force for it. Census publishes every code's
-- month at once, so the months reported are the year's published months, whoever counted in them.
with bloc_members as (
    select * from {{ ref('int_trade__bloc_members') }}
),

monthly as (
    select * from {{ ref('fct_us_goods_trade_monthly') }} where partner_kind = 'economy'
),

-- Census's World row (0015) starts in 1987, its country rows in 1985: the year's published months
-- are read from every row.
census_years as (
    select
        year,
        cast(count(distinct month) filter (where is_published) as integer) as months_reported
    from {{ ref('fct_us_goods_trade_monthly') }}
    group by year
),

member_months as (
    select
        bloc_members.bloc_code,
        monthly.partner_iso3,
        monthly.year,
        monthly.month,
        monthly.exports_usd,
        monthly.imports_usd,
        monthly.source_vintage
    from bloc_members
    inner join monthly on monthly.partner_iso3 = bloc_members.partner_iso3
    where monthly.is_published
        and (
            bloc_members.first_counted_month is null
            or make_date(monthly.year, monthly.month, 1) >= bloc_members.first_counted_month
        )
),

member_years as (
    select
        bloc_code,
        partner_iso3,
        year,
        sum(exports_usd) as exports_usd,
        sum(imports_usd) as imports_usd,
        count(*) as months_counted,
        max(source_vintage) as source_vintage
    from member_months
    group by bloc_code, partner_iso3, year
),

bloc_years as (
    select
        member_years.bloc_code,
        member_years.year,
        sum(member_years.exports_usd) as exports_usd,
        sum(member_years.imports_usd) as imports_usd,
        cast(count(*) as integer) as member_count,
        {{ listagg_sorted('member_years.partner_iso3', "', '", 'order by member_years.partner_iso3') }} as member_iso3s,
        {{ listagg_sorted("case when member_years.months_counted < census_years.months_reported then member_years.partner_iso3 end", "', '", 'order by member_years.partner_iso3') }}
            as part_year_member_iso3s,
        census_years.months_reported,
        max(member_years.source_vintage) as source_vintage
    from member_years
    inner join census_years on census_years.year = member_years.year
    group by member_years.bloc_code, member_years.year, census_years.months_reported
),

blocs as (
    select distinct bloc_code, bloc, bloc_kind, bloc_basis from bloc_members
),

final as (
    select
        blocs.bloc_code,
        blocs.bloc,
        blocs.bloc_kind,
        blocs.bloc_basis,
        bloc_years.year,
        bloc_years.exports_usd,
        bloc_years.imports_usd,
        bloc_years.exports_usd - bloc_years.imports_usd as balance_usd,
        bloc_years.member_count,
        bloc_years.member_iso3s,
        bloc_years.part_year_member_iso3s,
        bloc_years.months_reported,
        bloc_years.months_reported = 12 as is_complete_year,
        bloc_years.source_vintage
    from bloc_years
    inner join blocs on blocs.bloc_code = bloc_years.bloc_code
)

select * from final
