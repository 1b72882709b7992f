with source as (
    select * from {{ source('knomad', 'knomad_bilateral_remittances') }}
),

renamed as (
    select
        sending_country_name,
        receiving_country_name,
        upper(sending_iso3) as sending_iso3,
        upper(receiving_iso3) as receiving_iso3,
        cast(year as integer) as year,
        cast(value_usd_millions as {{ type_double() }}) as value_usd_millions,
        cast(sending_is_total as boolean) as sending_is_total,
        cast(receiving_is_total as boolean) as receiving_is_total,
        source_file,
        cast(source_row as integer) as source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
