with source as (
    select * from {{ source('undesa_migrant_stock', 'undesa_stock_origin_destination_revisions') }}
),

renamed as (
    select
        {{ json_text('entity_key', 'origin_name') }} as origin_name,
        {{ json_text('entity_key', 'destination_name') }} as destination_name,
        cast({{ json_text('entity_key', 'year') }} as integer) as year,
        old_vintage,
        new_vintage,
        old_value as old_migrants,
        new_value as new_migrants,
        run_id,
        detected_at
    from source
)

select * from renamed
