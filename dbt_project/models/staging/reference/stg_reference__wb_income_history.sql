with source as (
    select * from {{ source('reference', 'wb_income_history') }}
),

renamed as (
    select
        upper(iso3) as iso3,
        cast(fiscal_year as integer) as fiscal_year,
        income_code
    from source
)

select * from renamed
