-- The WDI indicators the migration marts use, one row per economy and year, in the
-- publisher's units (US dollars stay dollars, percent stays percent).
with indicator_values as (
    select * from {{ ref('int_indicators__values_with_unit') }}
    where is_economy
),

final as (
    select
        country_code as country_iso3,
        year,
        max(value) filter (where indicator_code = 'NY.GDP.PCAP.CD') as gdp_per_capita_usd,
        max(value) filter (where indicator_code = 'NY.GDP.MKTP.KD.ZG') as gdp_growth_pct,
        max(value) filter (where indicator_code = 'NY.GDP.MKTP.CD') as gdp_usd,
        max(value) filter (where indicator_code = 'SL.UEM.TOTL.ZS') as unemployment_pct,
        max(value) filter (where indicator_code = 'SI.POV.GINI') as gini,
        max(value) filter (where indicator_code = 'FP.CPI.TOTL.ZG') as inflation_pct,
        max(value) filter (where indicator_code = 'BX.TRF.PWKR.CD.DT') as remittances_usd,
        max(value) filter (where indicator_code = 'BX.TRF.PWKR.DT.GD.ZS') as remittances_pct_gdp,
        max(value) filter (where indicator_code = 'BX.KLT.DINV.CD.WD') as fdi_inflows_usd,
        max(value) filter (where indicator_code = 'BX.KLT.DINV.WD.GD.ZS') as fdi_pct_gdp,
        max(value) filter (where indicator_code = 'SM.POP.NETM') as net_migration,
        max(value) filter (where indicator_code = 'SP.POP.TOTL') as population,
        max(value) filter (where indicator_code = 'VC.IHR.PSRC.P5') as homicides_per_100k,
        max(source_vintage) filter (where indicator_code = 'BX.TRF.PWKR.CD.DT') as remittances_vintage,
        max(source_vintage) filter (where indicator_code = 'BX.KLT.DINV.CD.WD') as fdi_vintage,
        max(source_vintage) as source_vintage
    from indicator_values
    group by country_code, year
)

select * from final
