with source as (
    select * from {{ source('reference', 'wb_groups') }}
),

renamed as (
    select
        upper(group_code) as group_code,
        group_name,
        upper(iso3) as iso3,
        economy_name
    from source
)

select * from renamed
