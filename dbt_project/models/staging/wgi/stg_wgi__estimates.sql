with source as (
    select * from {{ source('wgi', 'wgi_estimates') }}
),

renamed as (
    select
        upper(country_code) as wgi_code,
        upper(country_iso3) as country_iso3,
        country_name,
        cast(year as integer) as year,
        lower(indicator) as indicator,
        cast(estimate as {{ type_double() }}) as estimate,
        cast(stddev as {{ type_double() }}) as standard_error,
        cast(nsource as integer) as source_count,
        cast(pctrank as {{ type_double() }}) as percentile_rank,
        cast(pctranklower as {{ type_double() }}) as percentile_rank_lower,
        cast(pctrankupper as {{ type_double() }}) as percentile_rank_upper,
        source_file,
        cast(source_row as integer) as source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
