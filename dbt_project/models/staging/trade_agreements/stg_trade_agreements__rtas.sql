with source as (
    select * from {{ source('trade_agreements', 'wto_rtas') }}
),

renamed as (
    select
        cast(rta_id as integer) as rta_id,
        rta_name,
        coverage,
        type as agreement_type,
        notification,
        status,
        signature_date_goods,
        signature_date_services,
        notification_date_goods,
        notification_date_services,
        entry_into_force_goods,
        entry_into_force_services,
        inactive_date,
        is_accession,
        rta_composition,
        region,
        is_cross_regional,
        all_parties_wto_members,
        current_signatories,
        original_signatories,
        specific_entry_exit_dates,
        source_file,
        source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
