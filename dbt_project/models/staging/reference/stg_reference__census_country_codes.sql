with source as (
    select * from {{ source('reference', 'census_country_codes') }}
),

renamed as (
    select
        census_code,
        census_name,
        upper(iso2) as iso2,
        source_vintage
    from source
)

select * from renamed
