-- Plan point 4: does FDI track migration pressure? One row per year, across the region's
-- economies in mart_migration_root_causes, offshore financial centres left out (seed
-- offshore_financial_centres: their FDI per capita is pass-through investment, orders of
-- magnitude above the rest, and would decide a Pearson coefficient on its own).
--
-- For each measure paired with FDI per capita, over the economies that have both values:
--   Pearson r (DuckDB corr()) with a 95% interval from Fisher's z: tanh(atanh(r) +- 1.96 / sqrt(n - 3));
--   Spearman rho = Pearson r of the average ranks (ties share the mean of their ranks), with
--   the same Fisher-z interval but Bonett and Wright's (2000) standard error,
--   sqrt((1 + rho^2 / 2) / (n - 3)).
-- Coefficients need at least 4 economies (an interval needs n - 3 > 0); below
-- `cross_economy_min_n` (10) they stay here, flagged as too few to quote, and mart_debate_facts
-- does not publish them.
--
-- Quadrants: among the economies with both FDI per capita and encounters per 100,000, 'high'
-- means strictly above that year's median and 'low' at or below it; each quadrant is listed
-- as comma-separated ISO3 codes in alphabetical order (one row per year keeps one grain); an
-- empty quadrant is '' and a year without encounters has null lists.
{%- set measures = [
    ('encounters', 'southwest_encounters_per_100k'),
    ('remittance_dependence', 'remittances_pct_gdp'),
    ('push_pressure', 'push_pressure_score'),
] %}
{%- set min_economies = var('cross_economy_min_n', 10) %}
{%- set z_95 = 1.959963984540054 %}

with root_causes as (
    select * from {{ ref('mart_migration_root_causes') }}
),

offshore_centres as (
    select country_iso3 from {{ ref('offshore_financial_centres') }}
    where excluded_from_cross_economy_statistics
),

fdi_years as (
    select year, count(fdi_per_capita_usd) as economies_with_fdi_per_capita
    from root_causes
    group by year
    having count(fdi_per_capita_usd) > 0
),

pairs as (
    {%- for measure, column in measures %}
    select
        root_causes.year,
        root_causes.country_iso3,
        '{{ measure }}' as measure,
        root_causes.fdi_per_capita_usd as fdi,
        root_causes.{{ column }} as other,
        {{ 'root_causes.remittances_is_estimate' if measure == 'remittance_dependence' else 'false' }} as is_estimate,
        offshore_centres.country_iso3 is not null as is_offshore
    from root_causes
    left join offshore_centres on offshore_centres.country_iso3 = root_causes.country_iso3
    where root_causes.fdi_per_capita_usd is not null and root_causes.{{ column }} is not null
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

ranked as (
    select
        *,
        rank() over (partition by year, measure order by fdi)
            + (count(*) over (partition by year, measure, fdi) - 1) / 2.0 as fdi_rank,
        rank() over (partition by year, measure order by other)
            + (count(*) over (partition by year, measure, other) - 1) / 2.0 as other_rank
    from pairs
    where not is_offshore
),

coefficients as (
    select
        year,
        measure,
        count(*) as n,
        corr(fdi, other) as raw_pearson,
        corr(fdi_rank, other_rank) as raw_spearman,
        {{ dbt.bool_or("is_estimate") }} as uses_estimates
    from ranked
    group by year, measure
),

excluded as (
    select year, measure, {{ listagg_sorted('country_iso3', "', '", 'order by country_iso3') }} as excluded_economies
    from pairs
    where is_offshore
    group by year, measure
),

published as (
    select
        coefficients.year,
        coefficients.measure,
        coefficients.n,
        coefficients.uses_estimates,
        coalesce(excluded.excluded_economies, '') as excluded_economies,
        case when coefficients.n >= 4 and not {{ is_nan('coefficients.raw_pearson') }} then coefficients.raw_pearson end
            as pearson,
        case when coefficients.n >= 4 and not {{ is_nan('coefficients.raw_spearman') }} then coefficients.raw_spearman end
            as spearman
    from coefficients
    left join excluded on excluded.year = coefficients.year and excluded.measure = coefficients.measure
),

-- |r| = 1 has no finite Fisher z: its interval is the point itself.
intervals as (
    select
        *,
        case when abs(pearson) < 1 then tanh(atanh(pearson) - {{ z_95 }} / sqrt(n - 3)) else pearson end
            as pearson_ci_low,
        case when abs(pearson) < 1 then tanh(atanh(pearson) + {{ z_95 }} / sqrt(n - 3)) else pearson end
            as pearson_ci_high,
        case when abs(spearman) < 1
            then tanh(atanh(spearman) - {{ z_95 }} * sqrt((1 + spearman * spearman / 2) / (n - 3)))
            else spearman
        end as spearman_ci_low,
        case when abs(spearman) < 1
            then tanh(atanh(spearman) + {{ z_95 }} * sqrt((1 + spearman * spearman / 2) / (n - 3)))
            else spearman
        end as spearman_ci_high
    from published
),

quadrant_sample as (
    select year, country_iso3, fdi, other as encounters_per_100k
    from pairs
    where measure = 'encounters' and not is_offshore
),

medians as (
    select
        year,
        median(fdi) as median_fdi_per_capita_usd,
        median(encounters_per_100k) as median_encounters_per_100k
    from quadrant_sample
    group by year
),

quadrants as (
    select
        quadrant_sample.year,
        quadrant_sample.country_iso3,
        case when quadrant_sample.fdi > medians.median_fdi_per_capita_usd then 'high' else 'low' end as fdi_level,
        case when quadrant_sample.encounters_per_100k > medians.median_encounters_per_100k then 'high' else 'low' end
            as encounters_level
    from quadrant_sample
    inner join medians on medians.year = quadrant_sample.year
),

quadrant_lists as (
    select
        year,
        {{ listagg_sorted("case when fdi_level = 'high' and encounters_level = 'high' then country_iso3 end", "', '", 'order by country_iso3') }}
            as high_fdi_high_encounters,
        {{ listagg_sorted("case when fdi_level = 'high' and encounters_level = 'low' then country_iso3 end", "', '", 'order by country_iso3') }}
            as high_fdi_low_encounters,
        {{ listagg_sorted("case when fdi_level = 'low' and encounters_level = 'high' then country_iso3 end", "', '", 'order by country_iso3') }}
            as low_fdi_high_encounters,
        {{ listagg_sorted("case when fdi_level = 'low' and encounters_level = 'low' then country_iso3 end", "', '", 'order by country_iso3') }}
            as low_fdi_low_encounters
    from quadrants
    group by year
),

final as (
    select
        fdi_years.year,
        cast(fdi_years.economies_with_fdi_per_capita as integer) as economies_with_fdi_per_capita,
        {%- for measure, _ in measures %}
        {{ measure }}.pearson as corr_fdi_{{ measure }},
        {{ measure }}.pearson_ci_low as corr_fdi_{{ measure }}_ci_low,
        {{ measure }}.pearson_ci_high as corr_fdi_{{ measure }}_ci_high,
        {{ measure }}.spearman as spearman_fdi_{{ measure }},
        {{ measure }}.spearman_ci_low as spearman_fdi_{{ measure }}_ci_low,
        {{ measure }}.spearman_ci_high as spearman_fdi_{{ measure }}_ci_high,
        cast(coalesce({{ measure }}.n, 0) as integer) as economies_fdi_{{ measure }},
        coalesce({{ measure }}.n, 0) >= {{ min_economies }} as economies_fdi_{{ measure }}_sufficient,
        coalesce({{ measure }}.excluded_economies, '') as excluded_fdi_{{ measure }},
        {%- endfor %}
        remittance_dependence.uses_estimates as corr_fdi_remittance_dependence_uses_estimates,
        medians.median_fdi_per_capita_usd,
        medians.median_encounters_per_100k,
        case when quadrant_lists.year is not null then coalesce(quadrant_lists.high_fdi_high_encounters, '') end
            as high_fdi_high_encounters,
        case when quadrant_lists.year is not null then coalesce(quadrant_lists.high_fdi_low_encounters, '') end
            as high_fdi_low_encounters,
        case when quadrant_lists.year is not null then coalesce(quadrant_lists.low_fdi_high_encounters, '') end
            as low_fdi_high_encounters,
        case when quadrant_lists.year is not null then coalesce(quadrant_lists.low_fdi_low_encounters, '') end
            as low_fdi_low_encounters
    from fdi_years
    {%- for measure, _ in measures %}
    left join intervals as {{ measure }}
        on {{ measure }}.year = fdi_years.year and {{ measure }}.measure = '{{ measure }}'
    {%- endfor %}
    left join medians on medians.year = fdi_years.year
    left join quadrant_lists on quadrant_lists.year = fdi_years.year
)

select * from final
