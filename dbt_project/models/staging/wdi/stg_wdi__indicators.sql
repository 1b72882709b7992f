with source as (
    select * from {{ source('wdi', 'wdi_indicators') }}
),

renamed as (
    select
        indicator_code,
        indicator_name,
        nullif(trim(source_note), '') as source_note,
        nullif(trim(source_organization), '') as source_organization,
        source_vintage
    from source
)

select * from renamed
