with source as (
    select * from {{ source('wdi', 'wdi_countries') }}
),

renamed as (
    select
        upper(country_code) as country_code,
        nullif(trim(region), '') as wb_region,
        nullif(trim(income_group), '') as income_group,
        nullif(trim(special_notes), '') as special_notes,
        table_name as country_name,
        -- The publisher marks aggregates (regions, income groups, WLD) by leaving Region empty.
        nullif(trim(region), '') is null as is_aggregate,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
