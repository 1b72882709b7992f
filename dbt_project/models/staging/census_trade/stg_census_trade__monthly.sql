with source as (
    select * from {{ source('census_trade', 'census_trade_monthly') }}
),

renamed as (
    select
        cast(year as integer) as year,
        cast(month as integer) as month,
        census_code,
        census_name,
        cast(exports_usd_millions as {{ type_double() }}) as exports_usd_millions,
        cast(imports_usd_millions as {{ type_double() }}) as imports_usd_millions,
        is_aggregate,
        is_published,
        source_file,
        source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
