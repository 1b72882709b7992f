with source as (
    select * from {{ source('cbp_encounters', 'cbp_encounters_revisions') }}
),

renamed as (
    select
        cast(entity_key ->> 'fiscal_year' as integer) as fiscal_year,
        entity_key ->> 'month_abbv' as month_abbv,
        entity_key ->> 'land_border_region' as border_region,
        entity_key ->> 'state' as state,
        entity_key ->> 'demographic' as demographic,
        entity_key ->> 'citizenship' as citizenship,
        entity_key ->> 'title_of_authority' as title_of_authority,
        old_vintage,
        new_vintage,
        old_value as old_encounter_count,
        new_value as new_encounter_count,
        run_id,
        detected_at,
    from source
)

select * from renamed
