-- WDI and UNCTAD FDI inflows side by side, in US dollars, one row per economy and year where
-- either publishes a value. Preferred: the newer vintage (release date) when both have the
-- economy-year; on a tie, or when a vintage is not a date ('sample'), WDI, whose series is
-- long (1970-) and is the one behind WDI's FDI % of GDP. Otherwise whichever exists.
with wdi as (
    select country_code as country_iso3, year, value as fdi_inflows_usd, source_vintage
    from {{ ref('int_indicators__values_with_unit') }}
    where is_economy and indicator_code = 'BX.KLT.DINV.CD.WD'
),

unctad as (
    select economy_iso3 as country_iso3, year, value_usd_millions * 1e6 as fdi_inflows_usd, source_vintage
    from {{ ref('stg_unctad__fdi_inflows') }}
    where economy_iso3 is not null and value_usd_millions is not null
),

joined as (
    select
        coalesce(wdi.country_iso3, unctad.country_iso3) as country_iso3,
        coalesce(wdi.year, unctad.year) as year,
        wdi.fdi_inflows_usd as wdi_fdi_inflows_usd,
        wdi.source_vintage as wdi_vintage,
        unctad.fdi_inflows_usd as unctad_fdi_inflows_usd,
        unctad.source_vintage as unctad_vintage
    from wdi
    full outer join unctad on unctad.country_iso3 = wdi.country_iso3 and unctad.year = wdi.year
),

with_preference as (
    select
        *,
        case
            when wdi_fdi_inflows_usd is null then 'UNCTAD'
            when unctad_fdi_inflows_usd is null then 'World Bank WDI'
            when coalesce({{ cast_or_null('unctad_vintage', 'date') }} > {{ cast_or_null('wdi_vintage', 'date') }}, false) then 'UNCTAD'
            else 'World Bank WDI'
        end as preferred_source
    from joined
),

final as (
    select
        country_iso3,
        year,
        wdi_fdi_inflows_usd,
        wdi_vintage,
        unctad_fdi_inflows_usd,
        unctad_vintage,
        preferred_source,
        case preferred_source
            when 'UNCTAD' then unctad_fdi_inflows_usd else wdi_fdi_inflows_usd
        end as preferred_fdi_inflows_usd,
        case preferred_source when 'UNCTAD' then unctad_vintage else wdi_vintage end as preferred_vintage,
        unctad_fdi_inflows_usd - wdi_fdi_inflows_usd as unctad_minus_wdi_usd
    from with_preference
)

select * from final
