with source as (
    select * from {{ source('cbp_encounters', 'cbp_encounters') }}
),

renamed as (
    select
        cast(fiscal_year as integer) as fiscal_year,
        upper(month_abbv) as month_abbv,
        cast(calendar_year as integer) as calendar_year,
        cast(month as integer) as month,
        month_grouping,
        cast(fiscal_year_is_complete as boolean) as fiscal_year_is_complete,
        land_border_region as border_region,
        state,
        demographic,
        citizenship,
        upper(citizenship_iso3) as citizenship_iso3,
        title_of_authority,
        cast(encounter_count as bigint) as encounter_count,
        source_file,
        cast(source_row as integer) as source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
