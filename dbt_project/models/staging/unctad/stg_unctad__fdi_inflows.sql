with source as (
    select * from {{ source('unctad', 'unctad_fdi_inflows') }}
),

renamed as (
    select
        economy_label,
        upper(economy_iso3) as economy_iso3,
        cast(year as integer) as year,
        cast(value_usd_millions as {{ type_double() }}) as value_usd_millions,
        missing_flag,
        source_file,
        cast(source_row as integer) as source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
