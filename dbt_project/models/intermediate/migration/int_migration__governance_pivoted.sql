-- One row per economy and year with the six WGI estimates side by side.
with estimates as (
    select * from {{ ref('stg_wgi__estimates') }}
    where country_iso3 is not null
),

final as (
    select
        country_iso3,
        year,
        max(estimate) filter (where indicator = 'cc') as control_of_corruption,
        max(estimate) filter (where indicator = 'rl') as rule_of_law,
        max(estimate) filter (where indicator = 'pv') as political_stability,
        max(estimate) filter (where indicator = 'ge') as government_effectiveness,
        max(estimate) filter (where indicator = 'rq') as regulatory_quality,
        max(estimate) filter (where indicator = 'va') as voice_and_accountability,
        max(source_vintage) as source_vintage
    from estimates
    group by country_iso3, year
)

select * from final
