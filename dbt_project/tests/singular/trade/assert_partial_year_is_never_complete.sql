{{ config(meta={'dagster': {'ref': {'name': 'fct_us_goods_trade_annual'}}}) }}
-- A year in which Census has not published every month must never be presented as complete, in
-- any trade mart; and a year flagged complete must have 12 published months.
with partial_years as (
    select year
    from {{ ref('stg_census_trade__monthly') }}
    group by year
    having count(distinct month) filter (where is_published) < 12
),

flags as (
    select 'fct_us_goods_trade_annual' as model, year, is_complete_year, months_reported
    from {{ ref('fct_us_goods_trade_annual') }}
    union all
    select 'agg_us_goods_trade_by_bloc', year, is_complete_year, months_reported
    from {{ ref('agg_us_goods_trade_by_bloc') }}
    union all
    select 'mart_fta_partner_scorecard', year, is_complete_year, months_reported
    from {{ ref('mart_fta_partner_scorecard') }}
    union all
    select 'mart_tariff_exposure', year, is_complete_year, months_reported
    from {{ ref('mart_tariff_exposure') }}
    union all
    select 'mart_nearshoring', year, is_complete_year, months_reported
    from {{ ref('mart_nearshoring') }}
    union all
    select 'fct_trade_reconciliation', year, is_complete_year, null
    from {{ ref('fct_trade_reconciliation') }}
)

select model, year, months_reported, count(*) as rows_flagged_complete
from flags
where is_complete_year
  and (year in (select year from partial_years) or months_reported != 12)
group by model, year, months_reported
