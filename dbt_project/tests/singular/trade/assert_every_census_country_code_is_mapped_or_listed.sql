{{ config(meta={'dagster': {'ref': {'name': 'int_trade__census_monthly'}}}) }}
-- A Census country code (1000 and up) must map to a dim_country economy through its Census code,
-- or be listed with a reason in int_trade__census_codes_without_iso3. Anything else would put a
-- partner's trade under a null ISO3 without anyone deciding so, and fails here before the trade
-- marts build. A listed code that dim_country now maps is a contradiction too: remove it from the list.
with census_codes as (
    select
        census_code,
        min(census_name) as census_name,
        min(year) as first_year,
        max(year) as last_year,
        min(partner_kind) as partner_kind,
        min(partner_iso3) as partner_iso3
    from {{ ref('int_trade__census_monthly') }}
    where partner_kind is distinct from 'census aggregate'
    group by census_code
),

codes_without_iso3 as (
    select * from {{ ref('int_trade__census_codes_without_iso3') }}
)

select
    census_codes.census_code,
    census_codes.census_name,
    census_codes.first_year,
    census_codes.last_year,
    case
        when census_codes.partner_kind is null
            then 'no dim_country economy has this Census code, and it is not listed in int_trade__census_codes_without_iso3'
        else 'listed as without ISO3, but dim_country maps it to ' || census_codes.partner_iso3
    end as problem
from census_codes
left join codes_without_iso3 on codes_without_iso3.census_code = census_codes.census_code
where census_codes.partner_kind is null
   or (census_codes.partner_kind = 'economy' and codes_without_iso3.census_code is not null)
