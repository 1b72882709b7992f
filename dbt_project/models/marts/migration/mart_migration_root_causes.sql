-- Plan point 4: the root causes of migration beside FDI, remittances and encounters, per
-- Western Hemisphere economy and year.
--
-- Push-pressure score, standardized within each year across the region's economies:
--   components (higher = more pressure to leave):
--     c1 = -ln(gdp_per_capita_usd)          low income (log: incomes span two orders of magnitude)
--     c2 = unemployment_pct
--     c3 = ln(1 + inflation_pct / 100)      inflation as a log rate, so hyperinflation does not swamp it
--     c4 = -rule_of_law                     WGI estimate
--     c5 = -political_stability             WGI estimate (political stability and absence of violence)
--   z_k = (c_k - mean_year(c_k)) / stddev_samp_year(c_k) over the region's economies with c_k
--   raw = mean of the available z_k; score = (raw - mean_year(raw)) / stddev_samp_year(raw)
--   over economies with at least 3 of the 5 components. Homicide rates are not loaded.
{%- set component_columns = ['c_low_income', 'c_unemployment', 'c_inflation', 'c_weak_rule_of_law', 'c_instability'] %}

with joined as (
    select * from {{ ref('int_migration__country_year_joined') }}
),

economies as (
    select country_iso3, country_name, subregion from {{ ref('dim_country') }}
),

components as (
    select
        *,
        case when gdp_per_capita_usd > 0 then -ln(gdp_per_capita_usd) end as c_low_income,
        unemployment_pct as c_unemployment,
        case when inflation_pct > -100 then ln(1 + inflation_pct / 100) end as c_inflation,
        -rule_of_law as c_weak_rule_of_law,
        -political_stability as c_instability,
    from joined
),

standardized as (
    select
        *,
        {%- for column in component_columns %}
        ({{ column }} - avg({{ column }}) over (partition by year))
            / nullif(stddev_samp({{ column }}) over (partition by year), 0) as z_{{ column }},
        {%- endfor %}
    from components
),

averaged as (
    select
        *,
        cast(
            {%- for column in component_columns %}
            (z_{{ column }} is not null)::integer{{ ' +' if not loop.last }}
            {%- endfor %}
            as integer
        ) as push_pressure_components,
        (
            {%- for column in component_columns %}
            coalesce(z_{{ column }}, 0){{ ' +' if not loop.last }}
            {%- endfor %}
        ) / nullif(
            {%- for column in component_columns %}
            (z_{{ column }} is not null)::integer{{ ' +' if not loop.last }}
            {%- endfor %},
            0
        ) as push_pressure_raw,
    from standardized
),

scored as (
    select
        *,
        case when push_pressure_components >= 3 then push_pressure_raw end as eligible_raw,
    from averaged
),

final as (
    select
        scored.country_iso3,
        economies.country_name,
        economies.subregion,
        scored.year,
        scored.gdp_per_capita_usd,
        scored.gdp_growth_pct,
        scored.unemployment_pct,
        scored.gini,
        scored.inflation_pct,
        scored.control_of_corruption,
        scored.rule_of_law,
        scored.political_stability,
        scored.government_effectiveness,
        scored.remittances_usd,
        scored.remittances_source,
        scored.remittances_pct_gdp,
        scored.fdi_inflows_usd,
        scored.fdi_source,
        scored.fdi_pct_gdp,
        scored.fdi_per_capita_usd,
        scored.population,
        scored.net_migration,
        scored.southwest_border_encounters,
        scored.southwest_encounters_per_100k,
        scored.emigrant_stock,
        -- UN DESA's bundled tables are by destination and by origin only, with no origin x
        -- destination matrix, and no other loaded source counts migrants by birthplace in the US.
        cast(null as double) as migrants_in_us,
        (scored.eligible_raw - avg(scored.eligible_raw) over (partition by scored.year))
            / nullif(stddev_samp(scored.eligible_raw) over (partition by scored.year), 0) as push_pressure_score,
        scored.push_pressure_components,
        cast(case when scored.fdi_per_capita_usd is not null then
            rank() over (
                partition by scored.year, scored.fdi_per_capita_usd is null
                order by scored.fdi_per_capita_usd desc
            )
        end as integer) as fdi_rank,
    from scored
    inner join economies on economies.country_iso3 = scored.country_iso3
)

select * from final
