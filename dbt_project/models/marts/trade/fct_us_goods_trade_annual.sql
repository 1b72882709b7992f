with annual as (
    select * from {{ ref('int_trade__census_annual') }}
),

final as (
    select
        partner_iso3,
        census_code,
        census_name,
        partner_kind,
        year,
        exports_usd,
        imports_usd,
        exports_usd - imports_usd as balance_usd,
        months_reported,
        is_complete_year,
        source_vintage,
        raw_sha256
    from annual
)

select * from final
