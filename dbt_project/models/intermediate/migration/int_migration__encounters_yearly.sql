-- Calendar-year encounters per citizenship. A citizenship CBP names has 0 in a covered month
-- without rows (the file lists only combinations with encounters); an economy CBP does not
-- name is counted under OTHER and has no row here, so downstream it is null, never 0.
with monthly as (
    select * from {{ ref('int_migration__encounters_monthly') }}
),

months_in_file as (
    select year, count(distinct month) as months_covered
    from monthly
    group by year
),

citizenships as (
    select distinct citizenship_iso3 from monthly
),

totals as (
    select
        citizenship_iso3,
        year,
        sum(encounters) filter (where border_region = 'Southwest Land Border') as southwest_encounters,
        sum(encounters) as all_encounters,
        max(source_vintage) as source_vintage
    from monthly
    group by citizenship_iso3, year
),

vintage as (
    select max(source_vintage) as source_vintage from monthly
),

final as (
    select
        citizenships.citizenship_iso3,
        months_in_file.year,
        cast(months_in_file.months_covered as integer) as months_covered,
        months_in_file.months_covered = 12 as is_complete_year,
        cast(coalesce(totals.southwest_encounters, 0) as bigint) as southwest_encounters,
        cast(coalesce(totals.all_encounters, 0) as bigint) as all_encounters,
        vintage.source_vintage
    from citizenships
    cross join months_in_file
    cross join vintage
    left join totals
        on totals.citizenship_iso3 = citizenships.citizenship_iso3
        and totals.year = months_in_file.year
)

select * from final
