with source as (
    select * from {{ source('wdi', 'wdi_values') }}
),

renamed as (
    select
        upper(country_code) as country_code,
        country_name,
        indicator_code,
        cast(year as integer) as year,
        cast(value as {{ type_double() }}) as value,
        source_vintage,
        raw_sha256,
        source_file
    from source
)

select * from renamed
