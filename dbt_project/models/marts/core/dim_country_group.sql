-- Aggregates (World, regions, income groups) kept apart from economies.
with wdi_aggregates as (
    select country_code as group_code, country_name as group_name
    from {{ ref('stg_wdi__countries') }}
    where is_aggregate
),

wb_groups as (
    select group_code, {{ dbt.any_value('group_name') }} as group_name, count(*) as member_count
    from {{ ref('stg_reference__wb_groups') }}
    group by group_code
),

final as (
    select
        coalesce(wb_groups.group_code, wdi_aggregates.group_code) as group_code,
        coalesce(wb_groups.group_name, wdi_aggregates.group_name) as group_name,
        cast(coalesce(wb_groups.member_count, 0) as integer) as member_count,
        wdi_aggregates.group_code is not null as has_wdi_values
    from wb_groups
    full outer join wdi_aggregates on wdi_aggregates.group_code = wb_groups.group_code
)

select * from final
