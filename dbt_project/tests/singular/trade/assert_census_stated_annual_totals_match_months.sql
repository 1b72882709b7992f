{{ config(meta={'dagster': {'ref': {'name': 'fct_us_goods_trade_annual'}}}) }}
-- The yearly totals Census states in the file (EYR, IYR, in US$ millions) must equal the sum of the
-- published months in fct_us_goods_trade_annual (in dollars) within 1e-9 relative, and the
-- months published must agree. A miss means a month was dropped, doubled or mis-scaled.
with stated as (
    select * from {{ ref('stg_census_trade__annual_reported') }}
),

annual as (
    select * from {{ ref('fct_us_goods_trade_annual') }}
)

select
    stated.census_code,
    stated.year,
    stated.exports_total_usd_millions * 1e6 as stated_exports_usd,
    annual.exports_usd,
    stated.imports_total_usd_millions * 1e6 as stated_imports_usd,
    annual.imports_usd,
    stated.months_published,
    annual.months_reported
from stated
full outer join annual
    on annual.census_code = stated.census_code
    and annual.year = stated.year
where annual.census_code is null
   or stated.census_code is null
   or abs(stated.exports_total_usd_millions * 1e6 - annual.exports_usd) > 1e-9 * greatest(abs(annual.exports_usd), 1e6)
   or abs(stated.imports_total_usd_millions * 1e6 - annual.imports_usd) > 1e-9 * greatest(abs(annual.imports_usd), 1e6)
   or stated.months_published != annual.months_reported
