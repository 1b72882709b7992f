with registry as (
    select * from {{ ref('stg_wdi__indicator_registry') }}
),

publisher_metadata as (
    select * from {{ ref('stg_wdi__indicators') }}
),

latest_vintage as (
    select indicator_code, max(source_vintage) as source_vintage
    from {{ ref('stg_wdi__values') }}
    group by indicator_code
),

final as (
    select
        registry.indicator_code,
        registry.indicator_name,
        registry.unit,
        registry.topic,
        registry.plan_points,
        'World Bank WDI' as source,
        coalesce(publisher_metadata.source_note, registry.description) as definition,
        publisher_metadata.source_organization,
        registry.valid_min,
        registry.valid_max,
        latest_vintage.source_vintage
    from registry
    left join publisher_metadata on publisher_metadata.indicator_code = registry.indicator_code
    left join latest_vintage on latest_vintage.indicator_code = registry.indicator_code
)

select * from final
