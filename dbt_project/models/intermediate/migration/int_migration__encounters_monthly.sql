-- CBP rows summed over state, demographic and title of authority. Citizenships CBP does not
-- name are published as OTHER; they keep the literal 'OTHER' as their key so that no encounter
-- is dropped and sums by citizenship match the file.
with encounters as (
    select * from {{ ref('stg_cbp_encounters__encounters') }}
),

final as (
    select
        coalesce(citizenship_iso3, 'OTHER') as citizenship_iso3,
        {{ listagg_sorted('distinct citizenship', "'; '", 'order by citizenship') }} as citizenship,
        calendar_year as year,
        month,
        make_date(calendar_year, month, 1) as month_start,
        fiscal_year,
        border_region,
        bool_and(fiscal_year_is_complete) as fiscal_year_is_complete,
        sum(encounter_count) as encounters,
        max(source_vintage) as source_vintage
    from encounters
    group by coalesce(citizenship_iso3, 'OTHER'), calendar_year, month, fiscal_year, border_region
)

select * from final
