-- Every Census country code together must equal Census's World NSA (0015) within 0.001% in each
-- complete year since 1992. Before 1992 Census published fewer country codes than its World total
-- covers (1987-1991 are up to 2.7% short), and a partial year can be revised month by month; those
-- years are held to documented bands by assert_census_countries_vs_world_within_documented_bands.
select check_name, year, flow, value_usd, reference_usd, difference_usd, difference_pct, tolerance_pct
from {{ ref('fct_trade_reconciliation') }}
where check_name = 'census_countries_vs_census_world_0015'
  and is_complete_year
  and year >= 1992
  and not is_within_tolerance
