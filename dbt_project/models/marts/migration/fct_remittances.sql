with remittances as (
    select * from {{ ref('int_migration__remittances_unioned') }}
),

final as (
    select
        receiving_iso3,
        sending_iso3,
        year,
        value_usd,
        is_estimate,
        source,
        preferred,
        preference_rank,
        source_vintage,
        raw_sha256
    from remittances
)

select * from final
