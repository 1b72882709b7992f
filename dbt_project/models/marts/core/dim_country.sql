with economies as (
    select * from {{ ref('int_countries__economies_joined') }}
),

with_subregion as (
    select
        *,
        -- M49's intermediate regions split Latin America and the Caribbean; Mexico is
        -- Central America there. China and Southeast Asia are the trade paper's comparators.
        case
            when country_iso3 = 'CHN' then 'China'
            when m49_subregion = 'Northern America' then 'North America'
            when m49_intermediate_region in ('Central America', 'Caribbean', 'South America')
                then m49_intermediate_region
            when m49_subregion = 'South-eastern Asia' then 'Southeast Asia'
        end as subregion
    from economies
),

final as (
    select
        country_iso3,
        country_iso2,
        m49_code,
        census_code,
        country_name,
        wb_region,
        income_group,
        income_group_fiscal_year,
        lending_category,
        m49_region,
        m49_subregion,
        m49_intermediate_region,
        subregion,
        is_western_hemisphere,
        subregion in ('China', 'Southeast Asia') as is_comparator,
        is_wb_economy
    from with_subregion
)

select * from final
