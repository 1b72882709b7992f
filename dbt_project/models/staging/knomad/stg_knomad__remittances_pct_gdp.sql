with source as (
    select * from {{ source('knomad', 'knomad_remittances_pct_gdp') }}
),

renamed as (
    select
        country_name,
        upper(country_iso3) as country_iso3,
        cast(year as integer) as year,
        cast(pct_of_gdp as {{ type_double() }}) as pct_of_gdp,
        cast(is_aggregate as boolean) as is_aggregate,
        source_file,
        cast(source_row as integer) as source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
