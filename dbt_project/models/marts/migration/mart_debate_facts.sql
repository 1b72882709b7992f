-- Plan point 5 ("Inform domestic debates"): headline statistics a reader can quote, each
-- computed from the marts at build time (no number is typed in), with its year, source and
-- vintage, and its caveats in columns of their own: partial year, estimate, the number of
-- economies behind a statistic across economies, and the economies left out of it. A fact the
-- loaded data cannot support (e.g. no complete fiscal year) has no row, and neither has a
-- statistic across fewer than `cross_economy_min_n` economies: it stays, flagged, in the mart
-- it comes from.
{%- set min_economies = var('cross_economy_min_n', 10) %}
{%- set correlations = [
    ('encounters', 'Southwest border encounters per 100,000 people',
        'World Bank WDI; UNCTAD; U.S. CBP', "'; CBP ' || vintages.cbp"),
    ('push_pressure', 'the push-pressure score',
        'World Bank WDI; World Bank WGI; UNCTAD', "''"),
] %}

with encounters as (
    select * from {{ ref('fct_border_encounters_monthly') }}
),

remittance_shares as (
    select * from {{ ref('mart_remittance_dependence') }}
),

root_causes as (
    select * from {{ ref('mart_migration_root_causes') }}
),

fdi_vs_migration as (
    select * from {{ ref('mart_fdi_vs_migration') }}
),

indicators as (
    select indicator_code, source_vintage from {{ ref('dim_indicator') }}
),

fdi_sources as (
    select * from {{ ref('int_migration__fdi_inflows_compared') }}
),

remittance_figures as (
    select * from {{ ref('fct_remittances') }}
),

northern_triangle as (
    select * from (values ('GTM'), ('HND'), ('SLV')) as t (country_iso3)
),

vintages as (
    select
        (select max(source_vintage) from encounters) as cbp,
        (select max(source_vintage) from remittance_shares) as remittances,
        (select max(source_vintage) from remittance_figures where source = 'KNOMAD bilateral') as knomad_matrix,
        (select source_vintage from indicators where indicator_code = 'NY.GDP.MKTP.CD') as wdi_gdp,
        (select source_vintage from indicators where indicator_code = 'SP.POP.TOTL') as wdi_population,
        (select source_vintage from indicators where indicator_code = 'BX.KLT.DINV.CD.WD') as wdi_fdi,
        (select max(unctad_vintage) from fdi_sources) as unctad
),

-- Encounters: the latest fiscal year with all twelve months in the file.
latest_fiscal_year as (
    select max(fiscal_year) as fiscal_year from encounters where fiscal_year_is_complete
),

southwest_latest_fy as (
    select
        encounters.fiscal_year,
        not bool_and(encounters.fiscal_year_is_complete) as is_partial,
        sum(encounters.encounters) as total,
        sum(encounters.encounters) filter (where encounters.citizenship_iso3 = 'MEX') as mexico,
        sum(encounters.encounters) filter (
            where encounters.citizenship_iso3 in (select country_iso3 from northern_triangle)
        ) as northern_triangle,
        sum(encounters.encounters) filter (where encounters.citizenship_iso3 = 'OTHER') as other
    from encounters
    inner join latest_fiscal_year on latest_fiscal_year.fiscal_year = encounters.fiscal_year
    where encounters.border_region = 'Southwest Land Border'
    group by encounters.fiscal_year
),

nationwide_latest_fy as (
    select
        encounters.fiscal_year,
        not bool_and(encounters.fiscal_year_is_complete) as is_partial,
        sum(encounters.encounters) as total
    from encounters
    inner join latest_fiscal_year on latest_fiscal_year.fiscal_year = encounters.fiscal_year
    group by encounters.fiscal_year
),

-- Remittances as % of GDP for a group: the latest year in which every economy of the group
-- that ever reports both has remittances and GDP, as sum(remittances) / sum(GDP). UN M49's
-- Central America includes Mexico, whose GDP is about three quarters of the group's, so the
-- group is also shown without it.
group_members as (
    select 'central_america' as group_key, country_iso3 from remittance_shares where subregion = 'Central America'
    union
    select 'central_america_excluding_mexico', country_iso3
    from remittance_shares
    where subregion = 'Central America' and country_iso3 <> 'MEX'
    union
    select 'northern_triangle', country_iso3 from northern_triangle
),

group_years as (
    select
        group_members.group_key,
        remittance_shares.year,
        count(*) as economies,
        sum(remittance_shares.remittances_usd) as remittances_usd,
        sum(remittance_shares.gdp_usd) as gdp_usd,
        {{ dbt.bool_or("remittance_shares.is_estimate") }} as uses_estimates
    from remittance_shares
    inner join group_members on group_members.country_iso3 = remittance_shares.country_iso3
    where remittance_shares.gdp_usd is not null
    group by group_members.group_key, remittance_shares.year
),

group_latest as (
    select group_key, year, economies, remittances_usd, gdp_usd, uses_estimates
    from (
        select
            *,
            row_number() over (partition by group_key order by year desc) as recency
        from group_years
        where group_key <> 'central_america_excluding_mexico'
            and economies = (
                select count(distinct country_iso3) from group_members as m where m.group_key = group_years.group_key
            )
    ) as ranked
    where recency = 1
),

-- Without Mexico, in the same year as the figure with it, so the two can be quoted together.
group_facts as (
    select
        group_latest.*,
        100 * group_latest.remittances_usd / group_latest.gdp_usd as pct_gdp
    from group_latest
    union all
    select
        without_mexico.*,
        100 * without_mexico.remittances_usd / without_mexico.gdp_usd
    from group_years as without_mexico
    inner join group_latest as with_mexico
        on with_mexico.group_key = 'central_america' and with_mexico.year = without_mexico.year
    where without_mexico.group_key = 'central_america_excluding_mexico'
),

group_facts_paired as (
    select
        group_facts.*,
        with_mexico.pct_gdp as with_mexico_pct,
        without_mexico.pct_gdp as without_mexico_pct
    from group_facts
    left join group_facts as with_mexico on with_mexico.group_key = 'central_america'
    left join group_facts as without_mexico on without_mexico.group_key = 'central_america_excluding_mexico'
),

matrix_year as (
    select
        remittance_shares.year,
        100 * sum(remittance_shares.remittances_from_us_usd) / sum(remittance_shares.matrix_total_usd) as us_share
    from remittance_shares
    inner join northern_triangle on northern_triangle.country_iso3 = remittance_shares.country_iso3
    where remittance_shares.matrix_total_usd is not null
    group by remittance_shares.year
    having count(*) = (select count(*) from northern_triangle)
    order by remittance_shares.year desc
    limit 1
),

matrix_estimates as (
    select bool_and(remittance_figures.is_estimate) as all_estimates
    from remittance_figures
    inner join matrix_year on matrix_year.year = remittance_figures.year
    where remittance_figures.source = 'KNOMAD bilateral'
        and remittance_figures.receiving_iso3 in (select country_iso3 from northern_triangle)
),

-- FDI per head: the latest year with a value, compared with the year before, for the
-- region's economies that have both years, offshore financial centres left out (their FDI is
-- pass-through and swings with it).
fdi_pairs as (
    select
        this_year.year,
        this_year.country_iso3,
        this_year.is_offshore_financial_centre,
        this_year.fdi_per_capita_usd > last_year.fdi_per_capita_usd as rose
    from root_causes as this_year
    inner join root_causes as last_year
        on last_year.country_iso3 = this_year.country_iso3 and last_year.year = this_year.year - 1
    where this_year.fdi_per_capita_usd is not null and last_year.fdi_per_capita_usd is not null
),

fdi_change as (
    select
        year,
        count(*) filter (where not is_offshore_financial_centre) as economies_compared,
        count(*) filter (where rose and not is_offshore_financial_centre) as economies_rose,
        coalesce(
            {{ listagg_sorted("case when is_offshore_financial_centre then country_iso3 end", "', '", "order by country_iso3") }}, ''
        ) as excluded_economies
    from fdi_pairs
    group by year
    having count(*) filter (where not is_offshore_financial_centre) >= {{ min_economies }}
    order by year desc
    limit 1
),

{%- for measure, _, _, _ in correlations %}

latest_corr_{{ measure }} as (
    select
        year,
        corr_fdi_{{ measure }} as pearson,
        corr_fdi_{{ measure }}_ci_low as pearson_ci_low,
        corr_fdi_{{ measure }}_ci_high as pearson_ci_high,
        spearman_fdi_{{ measure }} as spearman,
        spearman_fdi_{{ measure }}_ci_low as spearman_ci_low,
        spearman_fdi_{{ measure }}_ci_high as spearman_ci_high,
        economies_fdi_{{ measure }} as n,
        excluded_fdi_{{ measure }} as excluded_economies,
        {{ 'corr_fdi_remittance_dependence_uses_estimates' if measure == 'remittance_dependence' else 'false' }}
            as uses_estimates,
        {%- if measure == 'push_pressure' %}
        ' (built that year from ' || (
            select max(root_causes.push_pressure_year_components) from root_causes
            where root_causes.year = fdi_vs_migration.year
        ) || ')' as label_detail
        {%- else %}
        '' as label_detail
        {%- endif %}
    from fdi_vs_migration
    where spearman_fdi_{{ measure }} is not null
        and corr_fdi_{{ measure }} is not null
        and economies_fdi_{{ measure }} >= {{ min_economies }}
    order by year desc
    limit 1
),
{%- endfor %}

facts as (
    select
        'southwest_encounters_latest_fy' as fact_key,
        'CBP recorded ' || {{ format_thousands('total') }} || ' encounters at the Southwest land border in fiscal year '
            || cast(fiscal_year as {{ dbt.type_string() }}) || ' (October ' || cast(fiscal_year - 1 as {{ dbt.type_string() }}) || ' to September '
            || cast(fiscal_year as {{ dbt.type_string() }}) || '). '
            || 'Encounters are events, not people: one person caught twice counts twice.' as statement,
        'Count of U.S. CBP encounters (Border Patrol apprehensions and Office of Field Operations inadmissibles '
            || 'under Title 8, and Title 42 expulsions) at the Southwest land border in the latest complete federal '
            || 'fiscal year. Not a count of people, not of migrants who entered, and not of those who crossed '
            || 'undetected.' as description,
        cast(total as {{ type_double() }}) as value,
        cast(null as {{ type_double() }}) as value_ci_low,
        cast(null as {{ type_double() }}) as value_ci_high,
        'encounters' as unit,
        fiscal_year as year,
        cast(null as integer) as n_economies,
        is_partial as caveat_partial_year,
        false as caveat_estimate,
        '' as excluded_economies,
        'Events, not people: repeat crossers count each time; federal fiscal year (October to September).'
            as specific_caveat,
        'U.S. CBP Nationwide Encounters' as source,
        vintages.cbp as source_vintage
    from southwest_latest_fy, vintages
    union all
    select
        'southwest_share_mexico_latest_fy',
        {{ format_decimal('100.0 * mexico / total', 1) }} || '% of Southwest land border encounters in fiscal year '
            || cast(fiscal_year as {{ dbt.type_string() }}) || ' were of Mexican citizens.',
        'Share of Southwest land border encounter events whose citizenship CBP records as Mexican. Not the '
            || 'share of people, and not of migrants from Mexico overall (airports and seaports are not in it).',
        100.0 * mexico / total, null, null, 'percent', fiscal_year, null, is_partial, false, '',
        'Events, not people; citizenship as CBP records it.',
        'U.S. CBP Nationwide Encounters', vintages.cbp
    from southwest_latest_fy, vintages
    union all
    select
        'southwest_share_northern_triangle_latest_fy',
        {{ format_decimal('100.0 * northern_triangle / total', 1) }}
            || '% of Southwest land border encounters in fiscal year ' || cast(fiscal_year as {{ dbt.type_string() }})
            || ' were of citizens of Guatemala, Honduras and El Salvador (the Northern Triangle).',
        'Share of Southwest land border encounter events of Guatemalan, Honduran and Salvadoran citizens. Not '
            || 'the share of people, and not a measure of emigration from those countries.',
        100.0 * northern_triangle / total, null, null, 'percent', fiscal_year, null, is_partial, false, '',
        'Events, not people; citizenship as CBP records it.',
        'U.S. CBP Nationwide Encounters', vintages.cbp
    from southwest_latest_fy, vintages
    union all
    select
        'southwest_share_other_citizenships_latest_fy',
        {{ format_decimal('100.0 * other / total', 1) }}
            || '% of Southwest land border encounters in fiscal year ' || cast(fiscal_year as {{ dbt.type_string() }})
            || ' were of citizenships CBP does not name separately (published as OTHER).',
        'Share of Southwest land border encounter events of citizenships CBP groups as OTHER. Not a single '
            || 'nationality, and not all non-Western-Hemisphere citizens (CBP names China and India, for example).',
        100.0 * other / total, null, null, 'percent', fiscal_year, null, is_partial, false, '',
        'Events, not people; OTHER mixes every citizenship CBP does not name.',
        'U.S. CBP Nationwide Encounters', vintages.cbp
    from southwest_latest_fy, vintages
    union all
    select
        'nationwide_encounters_latest_fy',
        'CBP recorded ' || {{ format_thousands('total') }}
            || ' encounters nationwide (all borders, airports and seaports) in fiscal year ' || cast(fiscal_year as {{ dbt.type_string() }}) || '.',
        'Count of U.S. CBP encounters in every region (land borders, airports, seaports) in the latest complete '
            || 'federal fiscal year. Not a count of people and not of entries.',
        cast(total as {{ type_double() }}), null, null, 'encounters', fiscal_year, null, is_partial, false, '',
        'Events, not people; federal fiscal year (October to September).',
        'U.S. CBP Nationwide Encounters', vintages.cbp
    from nationwide_latest_fy, vintages
    union all
    select
        'remittances_pct_gdp_' || group_key,
        case group_key
            when 'central_america' then
                'Remittances received equalled ' || {{ format_decimal('pct_gdp', 1) }} || '% of GDP in ' || cast(year as {{ dbt.type_string() }})
                || ' across Central America (UN M49, which includes Mexico; ' || cast(economies as {{ dbt.type_string() }})
                || ' economies; sum of remittances over sum of GDP); without Mexico, '
                || {{ format_decimal('without_mexico_pct', 1) }} || '%.'
            when 'central_america_excluding_mexico' then
                'Remittances received equalled ' || {{ format_decimal('pct_gdp', 1) }} || '% of GDP in ' || cast(year as {{ dbt.type_string() }})
                || ' across Central America without Mexico (' || cast(economies as {{ dbt.type_string() }})
                || ' economies; sum of remittances over sum of GDP); with Mexico, as UN M49 counts it, '
                || {{ format_decimal('with_mexico_pct', 1) }} || '%.'
            else
                'Remittances received equalled ' || {{ format_decimal('pct_gdp', 1) }} || '% of GDP in ' || cast(year as {{ dbt.type_string() }})
                || ' across the Northern Triangle (Guatemala, Honduras, El Salvador; sum of remittances over sum of GDP).'
        end,
        'Personal remittances received by the group (preferred totals of fct_remittances) as a percentage of '
            || 'the group''s GDP (WDI) in the latest year every member has both: a weighted figure, dominated by '
            || 'the largest economies, not the average of the members'' shares. Remittances include compensation '
            || 'of employees as well as migrants'' transfers, and are money received from all countries, not only '
            || 'the US.' || case when group_key = 'central_america'
                then ' Mexico, in UN M49''s Central America, weighs about three quarters of the group''s GDP.'
                else '' end,
        pct_gdp, null, null, 'percent', year, null, false, uses_estimates, '',
        case when uses_estimates then 'Remittances of ' || year || ' are KNOMAD estimates, to be revised. ' else '' end
            || 'A total over a complete, named group, not a sample of economies.',
        'World Bank WDI; World Bank/KNOMAD', 'remittances ' || vintages.remittances || '; WDI GDP ' || vintages.wdi_gdp
    from group_facts_paired, vintages
    where group_key = 'northern_triangle' or (with_mexico_pct is not null and without_mexico_pct is not null)
    union all
    select
        'us_share_of_remittances_northern_triangle',
        'The World Bank/KNOMAD bilateral matrix estimates that ' || {{ format_decimal('us_share', 1) }}
            || '% of the remittances received by Guatemala, Honduras and El Salvador in ' || cast(year as {{ dbt.type_string() }})
            || ' were sent from the United States (modelled, one year only).',
        'Share of the three economies'' remittances that KNOMAD''s bilateral matrix attributes to senders in the '
            || 'US: a model built from migrant stocks and incomes, not a measured flow, for the matrix''s single year.',
        us_share, null, null, 'percent', year, null, false, coalesce(matrix_estimates.all_estimates, true), '',
        'Modelled from migrant stocks and incomes, not measured; one year only.',
        'World Bank/KNOMAD bilateral remittance matrix', vintages.knomad_matrix
    from matrix_year, matrix_estimates, vintages
    union all
    select
        'wh_economies_fdi_per_capita_rose',
        'FDI inflows per person rose in ' || cast(economies_rose as {{ dbt.type_string() }}) || ' of the ' || cast(economies_compared as {{ dbt.type_string() }})
            || ' Western Hemisphere economies with figures for both ' || cast(year - 1 as {{ dbt.type_string() }}) || ' and ' || cast(year as {{ dbt.type_string() }})
            || ' (offshore financial centres left out).',
        'Count of economies whose FDI inflows per person were higher than the year before. Not a measure of how '
            || 'much FDI rose, and not a trend: one year''s change in a volatile series.',
        cast(economies_rose as {{ type_double() }}), null, null, 'economies', year, cast(economies_compared as integer), false,
        false, excluded_economies,
        'FDI inflows are net of disinvestment and swing from year to year.',
        'World Bank WDI; UNCTAD', 'WDI FDI ' || vintages.wdi_fdi || '; UNCTAD ' || coalesce(vintages.unctad, 'none')
            || '; WDI population ' || vintages.wdi_population
    from fdi_change, vintages
    union all
    select
        'wh_economies_fdi_per_capita_compared',
        cast(economies_compared as {{ dbt.type_string() }}) || ' Western Hemisphere economies have FDI inflows per person for both '
            || cast(year - 1 as {{ dbt.type_string() }}) || ' and ' || cast(year as {{ dbt.type_string() }}) || ' (offshore financial centres left out).',
        'Number of economies with FDI inflows per person in both years: the base of '
            || 'wh_economies_fdi_per_capita_rose, not a count of economies receiving FDI.',
        cast(economies_compared as {{ type_double() }}), null, null, 'economies', year, cast(economies_compared as integer), false,
        false, excluded_economies,
        '',
        'World Bank WDI; UNCTAD', 'WDI FDI ' || vintages.wdi_fdi || '; UNCTAD ' || coalesce(vintages.unctad, 'none')
            || '; WDI population ' || vintages.wdi_population
    from fdi_change, vintages
    {%- for measure, label, sources, extra_vintage in correlations %}
    {%- for method in ['spearman', 'pearson'] %}
    union all
    select
        '{{ method }}_fdi_per_capita_vs_{{ measure }}',
        'Across ' || cast(n as {{ dbt.type_string() }}) || ' Western Hemisphere economies in ' || cast(year as {{ dbt.type_string() }})
            || ' (offshore financial centres left out), the '
            || {{ "'rank (Spearman)'" if method == 'spearman' else "'Pearson'" }}
            || ' correlation between FDI inflows per person and {{ label }}' || label_detail
            || ' was ' || {{ format_decimal(method, 2) }}
            || ' (95% interval ' || {{ format_decimal(method ~ '_ci_low', 2) }}
            || ' to ' || {{ format_decimal(method ~ '_ci_high', 2) }}
            || case when {{ method }}_ci_low <= 0 and {{ method }}_ci_high >= 0
                then ', which includes 0: the data cannot tell the sign' else '' end
            || '; ' || {{ "'Pearson'" if method == 'spearman' else "'rank (Spearman)'" }}
            || ' ' || {{ format_decimal('pearson' if method == 'spearman' else 'spearman', 2) }}
            || '). Correlation is not causation.',
        {%- if method == 'spearman' %}
        'Spearman rank correlation across economies in one year between FDI per person and {{ label }}: whether '
            || 'economies that rank higher on one rank higher on the other, robust to one extreme economy. Not an '
            || 'effect of FDI, not a trend within any economy, and not a prediction for one country.',
        {%- else %}
        'Pearson correlation across economies in one year between FDI per person and {{ label }}: how closely '
            || 'the two line up linearly, sensitive to one extreme economy (read it beside the Spearman fact). Not '
            || 'an effect of FDI, not a trend within any economy, and not a prediction for one country.',
        {%- endif %}
        {{ method }}, {{ method }}_ci_low, {{ method }}_ci_high, 'correlation coefficient', year, cast(n as integer),
        false, uses_estimates, excluded_economies,
        '95% interval by Fisher z'
            || {{ "' with the Bonett-Wright standard error'" if method == 'spearman' else "''" }}
            || '; an association across economies, not causation.',
        '{{ sources }}', 'WDI FDI ' || vintages.wdi_fdi || '; UNCTAD ' || coalesce(vintages.unctad, 'none')
            || {{ extra_vintage }}
    from latest_corr_{{ measure }}, vintages
    {%- endfor %}
    {%- endfor %}
),

final as (
    select
        fact_key,
        statement,
        value,
        unit,
        cast(year as integer) as year,
        source,
        source_vintage,
        description,
        value_ci_low,
        value_ci_high,
        n_economies,
        caveat_partial_year,
        caveat_estimate,
        excluded_economies,
        concat_ws(
            ' ',
            case when caveat_partial_year then 'Partial year: not every month of the year is in the data.' end,
            case when caveat_estimate then 'Rests on estimates, not reported figures.' end,
            case when n_economies is not null then 'Across ' || n_economies || ' economies.' end,
            case when excluded_economies <> '' then 'Left out: ' || excluded_economies || ' (offshore financial centres).' end,
            nullif(specific_caveat, '')
        ) as caveat
    from facts
    where value is not null and not {{ is_nan('value') }}
        and (n_economies is null or n_economies >= {{ min_economies }})
)

select * from final
