-- The six CAFTA-DR members (from dim_trade_agreement) must add up to Census's own CAFTA-DR row
-- 0017 in every year and flow, within the check's tolerance (0.0001%; the snapshot agrees within
-- 1e-11). A miss means a member is missing or mapped to the wrong code.
select check_name, year, flow, value_usd, reference_usd, difference_usd, difference_pct, tolerance_pct
from {{ ref('fct_trade_reconciliation') }}
where check_name = 'cafta_dr_members_vs_census_0017'
  and not is_within_tolerance
