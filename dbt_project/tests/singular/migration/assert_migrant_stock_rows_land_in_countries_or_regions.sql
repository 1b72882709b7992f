{{ config(meta={'dagster': {'ref': {'name': 'fct_migrant_stock'}}}) }}
-- Every published DESA stock lands exactly once: a total (revision 2020) in one of the two facts,
-- countries or aggregates; an origin x destination pair (revision 2019) in fct_migrant_stock when
-- both sides are countries and the count is positive. The only pairs left out on purpose are the
-- M49 subregions among the derived file's destinations, zeros and missing cells.
with published as (
    select 'destination' as direction, count(*) as published_rows, sum(migrants) as migrants
    from {{ ref('stg_undesa_migrant_stock__stock_by_destination') }}
    where migrants is not null
    union all
    select 'origin', count(*), sum(migrants)
    from {{ ref('stg_undesa_migrant_stock__stock_by_origin') }}
    where migrants is not null
    union all
    select 'origin_destination', count(*), sum(migrants)
    from {{ ref('stg_undesa_migrant_stock__stock_origin_destination') }}
    where migrants > 0 and origin_iso3 is not null and destination_iso3 is not null
),

landed as (
    select
        case stock_scope
            when 'destination_all_origins' then 'destination'
            when 'origin_all_destinations' then 'origin'
            else stock_scope
        end as direction,
        count(*) as landed_rows,
        sum(migrants) as migrants
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
where coalesce(landed_by_direction.landed_rows, 0) <> published.published_rows
   or abs(coalesce(landed_by_direction.migrants, 0) - coalesce(published.migrants, 0))
      > 1e-6 * greatest(coalesce(published.migrants, 0), 1)
