-- Plan point 4: the root causes of migration beside FDI, remittances and encounters, per
-- Western Hemisphere economy and year.
--
-- Push-pressure score, standardized within each year across the region's economies:
--   components (higher = more pressure to leave):
--     low_income       = -ln(gdp_per_capita_usd)       log: incomes span two orders of magnitude
--     unemployment     = unemployment_pct
--     inflation        = ln(1 + inflation_pct / 100)   a log rate, so hyperinflation does not swamp it
--     weak_rule_of_law = -rule_of_law                  WGI estimate
--     instability      = -political_stability          WGI estimate
--     violence         = ln(1 + homicides_per_100k)    log: rates run from under 1 to over 100
--   A component belongs to a year's score only when at least `cross_economy_min_n` economies
--   have it that year (WGI skipped 2001; homicides end before the other series), so the score
--   of a year is built from one set of components for everyone. z_k = (c_k - mean_year(c_k)) /
--   stddev_samp_year(c_k) over the economies with c_k; raw = mean of the economy's z_k over
--   the year's components it has; an economy is scored when it has at least 3 of them and more
--   than half; score = raw standardized again within the year over the scored economies. The
--   year's components the economy lacks are listed in push_pressure_missing_components.
{%- set components = [
    ('low_income', 'case when gdp_per_capita_usd > 0 then -ln(gdp_per_capita_usd) end'),
    ('unemployment', 'unemployment_pct'),
    ('inflation', 'case when inflation_pct > -100 then ln(1 + inflation_pct / 100) end'),
    ('weak_rule_of_law', '-rule_of_law'),
    ('instability', '-political_stability'),
    ('violence', 'case when homicides_per_100k >= 0 then ln(1 + homicides_per_100k) end'),
] %}
{%- set min_economies = var('cross_economy_min_n', 10) %}

with joined as (
    select * from {{ ref('int_migration__country_year_joined') }}
),

economies as (
    select country_iso3, country_name, subregion from {{ ref('dim_country') }}
),

offshore_centres as (
    select country_iso3 from {{ ref('offshore_financial_centres') }}
    where excluded_from_cross_economy_statistics
),

components as (
    select
        *,
        {%- for name, expression in components %}
        {{ expression }} as c_{{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from joined
),

year_components as (
    select
        year,
        {%- for name, _ in components %}
        count(c_{{ name }}) >= {{ min_economies }} as in_year_{{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from components
    group by year
),

standardized as (
    select
        components.*,
        {%- for name, _ in components %}
        year_components.in_year_{{ name }},
        case when year_components.in_year_{{ name }} then
            (components.c_{{ name }} - avg(components.c_{{ name }}) over (partition by components.year))
                / nullif(stddev_samp(components.c_{{ name }}) over (partition by components.year), 0)
        end as z_{{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from components
    inner join year_components on year_components.year = components.year
),

averaged as (
    select
        *,
        cast(
            {%- for name, _ in components %}
            cast(in_year_{{ name }} as {{ dbt.type_int() }}){{ ' +' if not loop.last }}
            {%- endfor %}
            as integer
        ) as year_component_count,
        cast(
            {%- for name, _ in components %}
            cast(z_{{ name }} is not null as {{ dbt.type_int() }}){{ ' +' if not loop.last }}
            {%- endfor %}
            as integer
        ) as push_pressure_components,
        (
            {%- for name, _ in components %}
            coalesce(z_{{ name }}, 0){{ ' +' if not loop.last }}
            {%- endfor %}
        ) / nullif(
            {%- for name, _ in components %}
            cast(z_{{ name }} is not null as {{ dbt.type_int() }}){{ ' +' if not loop.last }}
            {%- endfor %},
            0
        ) as push_pressure_raw,
        concat_ws(
            ', ',
            {%- for name, _ in components %}
            case when in_year_{{ name }} then '{{ name }}' end{{ ',' if not loop.last }}
            {%- endfor %}
        ) as push_pressure_year_components,
        concat_ws(
            ', ',
            {%- for name, _ in components %}
            case when in_year_{{ name }} and z_{{ name }} is null then '{{ name }}' end{{ ',' if not loop.last }}
            {%- endfor %}
        ) as push_pressure_missing_components
    from standardized
),

scored as (
    select
        *,
        case
            when push_pressure_components >= 3 and 2 * push_pressure_components > year_component_count
                then push_pressure_raw
        end as eligible_raw
    from averaged
),

flagged as (
    select
        scored.*,
        offshore_centres.country_iso3 is not null as is_offshore_financial_centre
    from scored
    left join offshore_centres on offshore_centres.country_iso3 = scored.country_iso3
),

final as (
    select
        flagged.country_iso3,
        economies.country_name,
        economies.subregion,
        flagged.year,
        flagged.gdp_per_capita_usd,
        flagged.gdp_growth_pct,
        flagged.unemployment_pct,
        flagged.gini,
        flagged.inflation_pct,
        flagged.homicides_per_100k,
        flagged.control_of_corruption,
        flagged.rule_of_law,
        flagged.political_stability,
        flagged.government_effectiveness,
        flagged.remittances_usd,
        flagged.remittances_source,
        flagged.remittances_is_estimate,
        flagged.remittances_pct_gdp,
        flagged.fdi_inflows_usd,
        flagged.fdi_source,
        flagged.fdi_pct_gdp,
        flagged.fdi_per_capita_usd,
        flagged.population,
        flagged.net_migration,
        flagged.southwest_border_encounters,
        flagged.southwest_encounters_per_100k,
        flagged.emigrant_stock,
        flagged.migrants_in_us,
        cast(flagged.migrants_in_us_stock_year as integer) as migrants_in_us_stock_year,
        flagged.migrant_stock_revision,
        (flagged.eligible_raw - avg(flagged.eligible_raw) over (partition by flagged.year))
            / nullif(stddev_samp(flagged.eligible_raw) over (partition by flagged.year), 0) as push_pressure_score,
        flagged.push_pressure_components,
        flagged.push_pressure_year_components,
        flagged.push_pressure_missing_components,
        flagged.is_offshore_financial_centre,
        cast(case when flagged.fdi_per_capita_usd is not null and not flagged.is_offshore_financial_centre then
            rank() over (
                partition by
                    flagged.year,
                    flagged.fdi_per_capita_usd is null or flagged.is_offshore_financial_centre
                order by flagged.fdi_per_capita_usd desc
            )
        end as integer) as fdi_rank
    from flagged
    inner join economies on economies.country_iso3 = flagged.country_iso3
)

select * from final
