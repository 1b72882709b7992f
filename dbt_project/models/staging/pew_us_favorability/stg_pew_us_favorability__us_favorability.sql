with source as (
    select * from {{ source('pew_us_favorability', 'pew_us_favorability') }}
),

renamed as (
    select
        country_name,
        upper(country_iso3) as country_iso3,
        cast(survey_year as integer) as survey_year,
        cast(pct_favourable as {{ type_double() }}) as pct_favourable,
        source_file,
        cast(source_row as integer) as source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
