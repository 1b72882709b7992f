with source as (
    select * from {{ source('reference', 'm49_areas') }}
),

renamed as (
    select
        m49_code,
        upper(iso2) as iso2,
        upper(iso3) as iso3,
        country_name,
        region_code,
        region_name,
        subregion_code,
        subregion_name,
        intermediate_region_code,
        intermediate_region_name,
        is_ldc,
        is_lldc,
        is_sids,
        source_vintage
    from source
)

select * from renamed
