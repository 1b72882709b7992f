with source as (
    select * from {{ source('wgi', 'wgi_estimates_revisions') }}
),

renamed as (
    select
        {{ json_text('entity_key', 'country_code') }} as wgi_code,
        {{ json_text('entity_key', 'indicator') }} as indicator,
        cast({{ json_text('entity_key', 'year') }} as integer) as year,
        old_vintage,
        new_vintage,
        old_value as old_estimate,
        new_value as new_estimate,
        run_id,
        detected_at
    from source
)

select * from renamed
