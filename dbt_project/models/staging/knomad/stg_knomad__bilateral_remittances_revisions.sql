with source as (
    select * from {{ source('knomad', 'knomad_bilateral_remittances_revisions') }}
),

renamed as (
    select
        {{ json_text('entity_key', 'sending_country_name') }} as sending_country_name,
        {{ json_text('entity_key', 'receiving_country_name') }} as receiving_country_name,
        cast({{ json_text('entity_key', 'year') }} as integer) as year,
        old_vintage,
        new_vintage,
        old_value as old_value_usd_millions,
        new_value as new_value_usd_millions,
        run_id,
        detected_at
    from source
)

select * from renamed
