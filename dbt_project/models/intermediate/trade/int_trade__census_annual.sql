-- Census goods trade by partner code and year: the sum of the published months.
with monthly as (
    select * from {{ ref('int_trade__census_monthly') }}
),

annual as (
    select
        partner_iso3,
        census_code,
        -- Census renames a code now and then (Burma, Czechia); the newest name is the one shown.
        max_by(census_name, month) as census_name,
        partner_kind,
        year,
        sum(exports_usd) as exports_usd,
        sum(imports_usd) as imports_usd,
        cast(count(*) filter (where is_published) as integer) as months_reported,
        count(*) filter (where is_published) = 12 as is_complete_year,
        max(source_vintage) as source_vintage,
        max(raw_sha256) as raw_sha256
    from monthly
    group by partner_iso3, census_code, partner_kind, year
)

select * from annual
