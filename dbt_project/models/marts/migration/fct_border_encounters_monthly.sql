with monthly as (
    select * from {{ ref('int_migration__encounters_monthly') }}
),

final as (
    select
        citizenship_iso3,
        citizenship,
        year,
        month,
        month_start,
        fiscal_year,
        fiscal_year_is_complete,
        border_region,
        cast(encounters as bigint) as encounters,
        'U.S. CBP Nationwide Encounters' as source,
        source_vintage
    from monthly
)

select * from final
