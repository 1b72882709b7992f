with source as (
    select * from {{ source('wits', 'wits_us_trade_by_partner') }}
),

renamed as (
    select
        cast(year as integer) as year,
        reporter_name,
        partner_name,
        partner_iso3,
        cast(exports_usd_thousands as {{ type_double() }}) as exports_usd_thousands,
        cast(imports_usd_thousands as {{ type_double() }}) as imports_usd_thousands,
        cast(trade_balance_usd_thousands as {{ type_double() }}) as trade_balance_usd_thousands,
        cast(export_partner_share_pct as {{ type_double() }}) as export_partner_share_pct,
        cast(import_partner_share_pct as {{ type_double() }}) as import_partner_share_pct,
        cast(ahs_simple_avg_pct as {{ type_double() }}) as ahs_simple_avg_pct,
        cast(ahs_weighted_avg_pct as {{ type_double() }}) as ahs_weighted_avg_pct,
        cast(mfn_simple_avg_pct as {{ type_double() }}) as mfn_simple_avg_pct,
        cast(mfn_weighted_avg_pct as {{ type_double() }}) as mfn_weighted_avg_pct,
        source_file,
        source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
