-- Trade paper T3 and T4: is Latin America gaining share of US imports against Southeast Asia and
-- China, and is that gain Mexico's or the region's? Shares are over Census's own World total
-- (code 0015, not seasonally adjusted), which starts in 1987; the change is measured from the
-- baseline year 2017, before the 2018 tariffs.
with blocs as (
    select * from {{ ref('agg_us_goods_trade_by_bloc') }}
    where bloc_code in ('lac', 'lac_ex_mex', 'southeast_asia', 'china')
),

mexico as (
    select * from {{ ref('fct_us_goods_trade_annual') }} where partner_iso3 = 'MEX'
),

world as (
    select * from {{ ref('fct_us_goods_trade_annual') }} where census_code = '0015'
),

-- 2017, the last year before the 2018 tariffs; the column names say so, change both together.
baseline as (
    select 2017 as baseline_year
),

imports_by_year as (
    select
        world.year,
        world.imports_usd as world_imports_usd,
        max(blocs.imports_usd) filter (where blocs.bloc_code = 'lac') as lac_imports_usd,
        max(blocs.imports_usd) filter (where blocs.bloc_code = 'lac_ex_mex') as lac_ex_mex_imports_usd,
        max(mexico.imports_usd) as mexico_imports_usd,
        max(blocs.imports_usd) filter (where blocs.bloc_code = 'southeast_asia') as southeast_asia_imports_usd,
        max(blocs.imports_usd) filter (where blocs.bloc_code = 'china') as china_imports_usd,
        world.months_reported,
        world.is_complete_year,
        world.source_vintage
    from world
    left join blocs on blocs.year = world.year
    left join mexico on mexico.year = world.year
    group by world.year, world.imports_usd, world.months_reported, world.is_complete_year, world.source_vintage
),

shares as (
    select
        *,
        lac_imports_usd / nullif(world_imports_usd, 0) as lac_share,
        lac_ex_mex_imports_usd / nullif(world_imports_usd, 0) as lac_ex_mex_share,
        mexico_imports_usd / nullif(world_imports_usd, 0) as mexico_share,
        southeast_asia_imports_usd / nullif(world_imports_usd, 0) as southeast_asia_share,
        china_imports_usd / nullif(world_imports_usd, 0) as china_share
    from imports_by_year
),

baseline_shares as (
    select shares.*
    from shares
    inner join baseline on baseline.baseline_year = shares.year
),

final as (
    select
        shares.year,
        shares.world_imports_usd,
        shares.lac_imports_usd,
        shares.lac_ex_mex_imports_usd,
        shares.mexico_imports_usd,
        shares.southeast_asia_imports_usd,
        shares.china_imports_usd,
        shares.lac_share,
        shares.lac_ex_mex_share,
        shares.mexico_share,
        shares.southeast_asia_share,
        shares.china_share,
        (shares.lac_share - baseline_shares.lac_share) * 100 as lac_share_change_since_2017_pp,
        (shares.lac_ex_mex_share - baseline_shares.lac_ex_mex_share) * 100 as lac_ex_mex_share_change_since_2017_pp,
        (shares.mexico_share - baseline_shares.mexico_share) * 100 as mexico_share_change_since_2017_pp,
        (shares.southeast_asia_share - baseline_shares.southeast_asia_share) * 100 as southeast_asia_share_change_since_2017_pp,
        (shares.china_share - baseline_shares.china_share) * 100 as china_share_change_since_2017_pp,
        shares.months_reported,
        shares.is_complete_year,
        shares.source_vintage
    from shares
    left join baseline_shares on true
)

select * from final
