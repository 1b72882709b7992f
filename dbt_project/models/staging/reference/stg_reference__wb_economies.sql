with source as (
    select * from {{ source('reference', 'wb_economies') }}
),

renamed as (
    select
        upper(iso3) as iso3,
        economy_name,
        region as wb_region,
        income_group,
        lending_category,
        source_vintage
    from source
)

select * from renamed
