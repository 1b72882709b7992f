with source as (
    select * from {{ source('wdi', 'wdi_values_revisions') }}
),

renamed as (
    select
        {{ json_text('entity_key', 'country_code') }} as country_code,
        {{ json_text('entity_key', 'indicator_code') }} as indicator_code,
        cast({{ json_text('entity_key', 'year') }} as integer) as year,
        old_vintage,
        new_vintage,
        old_value,
        new_value,
        run_id,
        detected_at
    from source
)

select * from renamed
