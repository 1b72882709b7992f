-- Census goods trade by partner code and month, in US dollars, with the partner's ISO3.
with monthly as (
    select * from {{ ref('stg_census_trade__monthly') }}
),

countries as (
    select * from {{ ref('dim_country') }} where census_code is not null
),

codes_without_iso3 as (
    select * from {{ ref('int_trade__census_codes_without_iso3') }}
),

mapped as (
    select
        countries.country_iso3 as partner_iso3,
        monthly.census_code,
        monthly.census_name,
        case
            when monthly.is_aggregate then 'census aggregate'
            when countries.country_iso3 is not null then 'economy'
            when codes_without_iso3.census_code is not null then 'census code without iso3'
        end as partner_kind,
        monthly.year,
        monthly.month,
        monthly.is_published,
        -- Census publishes US$ millions. The file writes 0 for a month not yet published: that is
        -- no figure, not a zero, so it becomes null.
        case when monthly.is_published then monthly.exports_usd_millions * 1e6 end as exports_usd,
        case when monthly.is_published then monthly.imports_usd_millions * 1e6 end as imports_usd,
        monthly.source_vintage,
        monthly.raw_sha256
    from monthly
    left join countries
        on countries.census_code = monthly.census_code
        and not monthly.is_aggregate
    left join codes_without_iso3
        on codes_without_iso3.census_code = monthly.census_code
)

select * from mapped
