with source as (
    select * from {{ source('cbp_encounters', 'cbp_encounters_revisions') }}
),

renamed as (
    select
        cast({{ json_text('entity_key', 'fiscal_year') }} as integer) as fiscal_year,
        {{ json_text('entity_key', 'month_abbv') }} as month_abbv,
        {{ json_text('entity_key', 'land_border_region') }} as border_region,
        {{ json_text('entity_key', 'state') }} as state,
        {{ json_text('entity_key', 'demographic') }} as demographic,
        {{ json_text('entity_key', 'citizenship') }} as citizenship,
        {{ json_text('entity_key', 'title_of_authority') }} as title_of_authority,
        old_vintage,
        new_vintage,
        old_value as old_encounter_count,
        new_value as new_encounter_count,
        run_id,
        detected_at
    from source
)

select * from renamed
