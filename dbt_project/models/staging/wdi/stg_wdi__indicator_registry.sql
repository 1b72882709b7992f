with source as (
    select * from {{ source('wdi', 'wdi_indicator_registry') }}
),

renamed as (
    select
        indicator_code,
        indicator_name,
        unit,
        topic,
        plan_points,
        cast(valid_min as {{ type_double() }}) as valid_min,
        cast(valid_max as {{ type_double() }}) as valid_max,
        description
    from source
)

select * from renamed
