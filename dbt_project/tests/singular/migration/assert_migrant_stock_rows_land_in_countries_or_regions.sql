{{ config(meta={'dagster': {'ref': {'name': 'fct_migrant_stock'}}}) }}
-- Every published DESA stock lands in exactly one of the two facts: countries or aggregates.
with published as (
    select 'destination' as direction, count(*) as published_rows, sum(migrants) as migrants
    from {{ ref('stg_undesa_migrant_stock__stock_by_destination') }}
    where migrants is not null
    union all
    select 'origin', count(*), sum(migrants)
    from {{ ref('stg_undesa_migrant_stock__stock_by_origin') }}
    where migrants is not null
),

landed as (
    select
        case when destination_iso3 is not null then 'destination' else 'origin' end as direction,
        count(*) as landed_rows,
        sum(migrants) as migrants,
    from {{ ref('fct_migrant_stock') }}
    group by 1
    union all
    select direction, count(*), sum(migrants)
    from {{ ref('fct_migrant_stock_regions') }}
    group by 1
),

landed_by_direction as (
    select direction, sum(landed_rows) as landed_rows, sum(migrants) as migrants
    from landed
    group by direction
)

select published.direction, published.published_rows, landed_by_direction.landed_rows
from published
left join landed_by_direction on landed_by_direction.direction = published.direction
where landed_by_direction.landed_rows is distinct from published.published_rows
   or abs(landed_by_direction.migrants - published.migrants) > 1e-6 * greatest(published.migrants, 1)
