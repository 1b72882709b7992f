with source as (
    select * from {{ source('trade_agreements', 'wto_rta_members') }}
),

renamed as (
    select
        cast(rta_id as integer) as rta_id,
        member_name,
        member_iso3,
        is_current_signatory,
        is_original_signatory,
        source_file,
        source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
