with source as (
    select * from {{ source('undesa_migrant_stock', 'undesa_locations') }}
),

renamed as (
    select
        location_code,
        location_name,
        upper(iso3) as iso3,
        location_type,
        parent_code,
        cast(is_country as boolean) as is_country,
        subregion_code,
        subregion_name,
        sdg_subregion_code,
        sdg_subregion_name,
        sdg_region_code,
        sdg_region_name,
        geographic_region_code,
        geographic_region_name,
        is_more_developed,
        is_less_developed,
        is_least_developed,
        is_less_developed_excl_ldc,
        is_less_developed_excl_china,
        is_lldc,
        is_sids,
        is_high_income,
        is_middle_income,
        is_upper_middle_income,
        is_lower_middle_income,
        is_low_income,
        is_no_income_group,
        source_file,
        cast(source_row as integer) as source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
