with monthly as (
    select * from {{ ref('int_trade__census_monthly') }}
),

final as (
    select
        partner_iso3,
        census_code,
        census_name,
        partner_kind,
        year,
        month,
        exports_usd,
        imports_usd,
        exports_usd - imports_usd as balance_usd,
        is_published,
        source_vintage,
        raw_sha256
    from monthly
)

select * from final
