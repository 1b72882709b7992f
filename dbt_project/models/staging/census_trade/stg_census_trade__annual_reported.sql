with source as (
    select * from {{ source('census_trade', 'census_trade_annual_reported') }}
),

renamed as (
    select
        cast(year as integer) as year,
        census_code,
        cast(exports_total_usd_millions as {{ type_double() }}) as exports_total_usd_millions,
        cast(imports_total_usd_millions as {{ type_double() }}) as imports_total_usd_millions,
        cast(months_published as integer) as months_published,
        source_file,
        source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
