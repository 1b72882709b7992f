with source as (
    select * from {{ source('knomad', 'knomad_inward_remittances') }}
),

renamed as (
    select
        country_name,
        upper(country_iso3) as country_iso3,
        cast(year as integer) as year,
        cast(value_usd_millions as {{ type_double() }}) as value_usd_millions,
        cast(is_estimate as boolean) as is_estimate,
        cast(is_aggregate as boolean) as is_aggregate,
        source_file,
        cast(source_row as integer) as source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
