with bloc_members as (
    select * from {{ ref('int_trade__bloc_members') }}
),

annual as (
    select * from {{ ref('fct_us_goods_trade_annual') }} where partner_kind = 'economy'
),

bloc_years as (
    select
        bloc_members.bloc,
        bloc_members.bloc_kind,
        bloc_members.bloc_basis,
        annual.year,
        sum(annual.exports_usd) as exports_usd,
        sum(annual.imports_usd) as imports_usd,
        cast(count(distinct annual.partner_iso3) as integer) as member_count,
        -- Census publishes a month for every code at once, so the members agree; min() is the safe side.
        cast(min(annual.months_reported) as integer) as months_reported,
        bool_and(annual.is_complete_year) as is_complete_year,
        max(annual.source_vintage) as source_vintage,
    from bloc_members
    inner join annual on annual.partner_iso3 = bloc_members.partner_iso3
    group by bloc_members.bloc, bloc_members.bloc_kind, bloc_members.bloc_basis, annual.year
),

final as (
    select
        bloc,
        bloc_kind,
        bloc_basis,
        year,
        exports_usd,
        imports_usd,
        exports_usd - imports_usd as balance_usd,
        member_count,
        months_reported,
        is_complete_year,
        source_vintage,
    from bloc_years
)

select * from final
