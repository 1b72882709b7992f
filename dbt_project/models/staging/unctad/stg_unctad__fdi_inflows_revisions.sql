with source as (
    select * from {{ source('unctad', 'unctad_fdi_inflows_revisions') }}
),

renamed as (
    select
        {{ json_text('entity_key', 'economy_label') }} as economy_label,
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
