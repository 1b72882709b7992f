with source as (
    select * from {{ source('usitc_dataweb', 'usitc_exports_by_hs2') }}
),

renamed as (
    select
        cast(year as integer) as year,
        cast(hs_chapter as {{ dbt.type_string() }}) as hs_chapter,
        hs_chapter_name,
        partner_name,
        partner_iso3,
        cast(fas_value_usd as {{ type_double() }}) as exports_usd,
        provenance,
        cast(is_derived_file as boolean) as is_derived_file,
        unpublished_years_dropped,
        source_file,
        cast(source_row as integer) as source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
