-- Migrants born in each economy and living in the United States, from UN DESA's origin x
-- destination table (fct_migrant_stock's stock_scope 'origin_destination' rows), both
-- sexes, with the years each stock year stands for: from its own year until the next stock
-- year (DESA publishes 1990, 1995, ..., 2015 and 2019 in the 2019 revision), so that a mart
-- year takes the nearest earlier stock year, never a later one.
with stock as (
    select * from {{ ref('fct_migrant_stock') }}
    where stock_scope = 'origin_destination'
        and destination_iso3 = 'USA'
        and origin_iso3 is not null
        and sex = 'both'
),

final as (
    select
        origin_iso3,
        year as stock_year,
        lead(year) over (partition by origin_iso3 order by year) as next_stock_year,
        migrants as migrants_in_us,
        revision
    from stock
)

select * from final
