-- Publishers revise history; this lists every value that changed between published vintages.
with revisions as (
    select * from {{ ref('stg_wdi__values_revisions') }}
),

indicators as (
    select indicator_code from {{ ref('dim_indicator') }}
),

final as (
    select
        revisions.indicator_code,
        revisions.country_code,
        revisions.year,
        revisions.old_vintage,
        revisions.new_vintage,
        revisions.old_value,
        revisions.new_value,
        revisions.new_value - revisions.old_value as change,
        revisions.new_value is null as is_withdrawn,
        'World Bank WDI' as source,
        revisions.detected_at,
        revisions.run_id
    from revisions
    inner join indicators on indicators.indicator_code = revisions.indicator_code
)

select * from final
