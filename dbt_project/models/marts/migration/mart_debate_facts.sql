-- Plan point 5 ("Inform domestic debates"): headline statistics a reader can quote, each
-- computed from the marts at build time (no number is typed in), with its year, source and
-- vintage. A fact the loaded data cannot support (e.g. no complete fiscal year) has no row.
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
        (select max(unctad_vintage) from fdi_sources) as unctad,
),

-- Encounters: the latest fiscal year with all twelve months in the file.
latest_fiscal_year as (
    select max(fiscal_year) as fiscal_year from encounters where fiscal_year_is_complete
),

southwest_latest_fy as (
    select
        encounters.fiscal_year,
        sum(encounters.encounters) as total,
        sum(encounters.encounters) filter (where encounters.citizenship_iso3 = 'MEX') as mexico,
        sum(encounters.encounters) filter (
            where encounters.citizenship_iso3 in (select country_iso3 from northern_triangle)
        ) as northern_triangle,
        sum(encounters.encounters) filter (where encounters.citizenship_iso3 = 'OTHER') as other,
    from encounters
    inner join latest_fiscal_year on latest_fiscal_year.fiscal_year = encounters.fiscal_year
    where encounters.border_region = 'Southwest Land Border'
    group by encounters.fiscal_year
),

nationwide_latest_fy as (
    select encounters.fiscal_year, sum(encounters.encounters) as total
    from encounters
    inner join latest_fiscal_year on latest_fiscal_year.fiscal_year = encounters.fiscal_year
    group by encounters.fiscal_year
),

-- Remittances as % of GDP for a group: the latest year in which every economy of the group
-- that ever reports both has remittances and GDP, as sum(remittances) / sum(GDP).
group_members as (
    select 'central_america' as group_key, country_iso3 from remittance_shares where subregion = 'Central America'
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
        sum(remittance_shares.remittances_from_us_usd) as from_us_usd,
        sum(remittance_shares.matrix_total_usd) as matrix_total_usd,
    from remittance_shares
    inner join group_members on group_members.country_iso3 = remittance_shares.country_iso3
    where remittance_shares.gdp_usd is not null
    group by group_members.group_key, remittance_shares.year
),

group_latest as (
    select *
    from group_years
    where economies = (
        select count(distinct country_iso3) from group_members as m where m.group_key = group_years.group_key
    )
    qualify row_number() over (partition by group_key order by year desc) = 1
),

matrix_year as (
    select
        remittance_shares.year,
        100 * sum(remittance_shares.remittances_from_us_usd) / sum(remittance_shares.matrix_total_usd) as us_share,
    from remittance_shares
    inner join northern_triangle on northern_triangle.country_iso3 = remittance_shares.country_iso3
    where remittance_shares.matrix_total_usd is not null
    group by remittance_shares.year
    having count(*) = (select count(*) from northern_triangle)
    qualify row_number() over (order by remittance_shares.year desc) = 1
),

-- FDI per head: the latest year with a value, compared with the year before, for the
-- region's economies that have both years.
fdi_change as (
    select
        this_year.year,
        count(*) as economies_compared,
        count(*) filter (where this_year.fdi_per_capita_usd > last_year.fdi_per_capita_usd) as economies_rose,
    from root_causes as this_year
    inner join root_causes as last_year
        on last_year.country_iso3 = this_year.country_iso3 and last_year.year = this_year.year - 1
    where this_year.fdi_per_capita_usd is not null and last_year.fdi_per_capita_usd is not null
    group by this_year.year
    qualify row_number() over (order by this_year.year desc) = 1
),

latest_corr_encounters as (
    select year, corr_fdi_encounters, economies_fdi_encounters
    from fdi_vs_migration
    where corr_fdi_encounters is not null
    qualify row_number() over (order by year desc) = 1
),

latest_corr_push as (
    select year, corr_fdi_push_pressure, economies_fdi_push_pressure
    from fdi_vs_migration
    where corr_fdi_push_pressure is not null
    qualify row_number() over (order by year desc) = 1
),

facts as (
    select
        'southwest_encounters_latest_fy' as fact_key,
        format(
            'CBP recorded {:,} encounters at the Southwest land border in fiscal year {} (October {} to September {}). '
            || 'Encounters are events, not people: one person caught twice counts twice.',
            total, fiscal_year, fiscal_year - 1, fiscal_year
        ) as statement,
        cast(total as double) as value,
        'encounters' as unit,
        fiscal_year as year,
        'U.S. CBP Nationwide Encounters' as source,
        vintages.cbp as source_vintage,
    from southwest_latest_fy, vintages
    union all
    select
        'southwest_share_mexico_latest_fy',
        format('{:.1f}% of Southwest land border encounters in fiscal year {} were of Mexican citizens.',
            100.0 * mexico / total, fiscal_year),
        100.0 * mexico / total, 'percent', fiscal_year, 'U.S. CBP Nationwide Encounters', vintages.cbp,
    from southwest_latest_fy, vintages
    union all
    select
        'southwest_share_northern_triangle_latest_fy',
        format('{:.1f}% of Southwest land border encounters in fiscal year {} were of citizens of Guatemala, '
            || 'Honduras and El Salvador (the Northern Triangle).', 100.0 * northern_triangle / total, fiscal_year),
        100.0 * northern_triangle / total, 'percent', fiscal_year, 'U.S. CBP Nationwide Encounters', vintages.cbp,
    from southwest_latest_fy, vintages
    union all
    select
        'southwest_share_other_citizenships_latest_fy',
        format('{:.1f}% of Southwest land border encounters in fiscal year {} were of citizenships CBP does not '
            || 'name separately (published as OTHER).', 100.0 * other / total, fiscal_year),
        100.0 * other / total, 'percent', fiscal_year, 'U.S. CBP Nationwide Encounters', vintages.cbp,
    from southwest_latest_fy, vintages
    union all
    select
        'nationwide_encounters_latest_fy',
        format('CBP recorded {:,} encounters nationwide (all borders, airports and seaports) in fiscal year {}.',
            total, fiscal_year),
        cast(total as double), 'encounters', fiscal_year, 'U.S. CBP Nationwide Encounters', vintages.cbp,
    from nationwide_latest_fy, vintages
    union all
    select
        'remittances_pct_gdp_' || group_key,
        format('Remittances received equalled {:.1f}% of GDP in {} across {} ({} economies; sum of remittances '
            || 'over sum of GDP).',
            100 * remittances_usd / gdp_usd, year,
            case group_key
                when 'central_america' then 'Central America (UN M49, which includes Mexico)'
                else 'the Northern Triangle (Guatemala, Honduras, El Salvador)'
            end,
            economies),
        100 * remittances_usd / gdp_usd, 'percent', year,
        'World Bank WDI; World Bank/KNOMAD', 'remittances ' || vintages.remittances || '; WDI GDP ' || vintages.wdi_gdp,
    from group_latest, vintages
    union all
    select
        'us_share_of_remittances_northern_triangle',
        format('The World Bank/KNOMAD bilateral matrix estimates that {:.1f}% of the remittances received by '
            || 'Guatemala, Honduras and El Salvador in {} were sent from the United States (modelled, one year only).',
            us_share, year),
        us_share, 'percent', year, 'World Bank/KNOMAD bilateral remittance matrix', vintages.knomad_matrix,
    from matrix_year, vintages
    union all
    select
        'wh_economies_fdi_per_capita_rose',
        format('FDI inflows per person rose in {} of the {} Western Hemisphere economies with figures for both {} '
            || 'and {}.', economies_rose, economies_compared, year - 1, year),
        cast(economies_rose as double), 'economies', year,
        'World Bank WDI; UNCTAD', 'WDI FDI ' || vintages.wdi_fdi || '; UNCTAD ' || coalesce(vintages.unctad, 'none')
            || '; WDI population ' || vintages.wdi_population,
    from fdi_change, vintages
    union all
    select
        'wh_economies_fdi_per_capita_compared',
        format('{} Western Hemisphere economies have FDI inflows per person for both {} and {}.',
            economies_compared, year - 1, year),
        cast(economies_compared as double), 'economies', year,
        'World Bank WDI; UNCTAD', 'WDI FDI ' || vintages.wdi_fdi || '; UNCTAD ' || coalesce(vintages.unctad, 'none')
            || '; WDI population ' || vintages.wdi_population,
    from fdi_change, vintages
    union all
    select
        'corr_fdi_per_capita_vs_encounters',
        format('Across {} Western Hemisphere economies in {}, the correlation between FDI inflows per person and '
            || 'Southwest border encounters per 100,000 people was {:.2f} (Pearson; correlation is not causation).',
            economies_fdi_encounters, year, corr_fdi_encounters),
        corr_fdi_encounters, 'correlation coefficient', year,
        'World Bank WDI; UNCTAD; U.S. CBP', 'WDI FDI ' || vintages.wdi_fdi || '; UNCTAD '
            || coalesce(vintages.unctad, 'none') || '; CBP ' || vintages.cbp,
    from latest_corr_encounters, vintages
    union all
    select
        'corr_fdi_per_capita_vs_push_pressure',
        format('Across {} Western Hemisphere economies in {}, the correlation between FDI inflows per person and '
            || 'the push-pressure score was {:.2f} (Pearson).',
            economies_fdi_push_pressure, year, corr_fdi_push_pressure),
        corr_fdi_push_pressure, 'correlation coefficient', year,
        'World Bank WDI; World Bank WGI; UNCTAD', 'WDI FDI ' || vintages.wdi_fdi || '; UNCTAD '
            || coalesce(vintages.unctad, 'none'),
    from latest_corr_push, vintages
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
    from facts
    where value is not null and not isnan(value)
)

select * from final
