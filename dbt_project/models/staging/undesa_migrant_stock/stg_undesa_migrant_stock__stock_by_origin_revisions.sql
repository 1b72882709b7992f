with source as (
    select * from {{ source('undesa_migrant_stock', 'undesa_stock_by_origin_revisions') }}
),

renamed as (
    select
        {{ json_text('entity_key', 'location_code') }} as location_code,
        cast({{ json_text('entity_key', 'year') }} as integer) as year,
        {{ json_text('entity_key', 'sex') }} as sex,
        old_vintage,
        new_vintage,
        old_value as old_migrants,
        new_value as new_migrants,
        run_id,
        detected_at
    from source
)

select * from renamed
