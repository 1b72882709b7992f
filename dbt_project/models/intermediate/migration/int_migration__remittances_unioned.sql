-- Every remittance figure the warehouse holds, in US dollars, with one preferred figure per
-- receiving economy and year among the totals (sending_iso3 null).
--
-- Preference among the totals for one receiving economy and year, first rule that decides:
--   1. a positive figure beats a zero (KNOMAD writes 0 for 'no data' in early years);
--   2. a reported total (WDI, KNOMAD inward) beats the bilateral matrix's modelled total;
--   3. the newer vintage wins (release date; KNOMAD 'YYYY-MM' read as the first of the month);
--   4. on a tie, or when a vintage is not a date ('sample'), KNOMAD inward beats WDI, because
--      WDI republishes KNOMAD's series.
with wdi as (
    select * from {{ ref('int_indicators__values_with_unit') }}
    where is_economy and indicator_code = 'BX.TRF.PWKR.CD.DT'
),

knomad_inward as (
    select * from {{ ref('stg_knomad__inward_remittances') }}
    where not is_aggregate and country_iso3 is not null
),

knomad_bilateral as (
    select * from {{ ref('stg_knomad__bilateral_remittances') }}
    -- The WORLD column (what an economy sends to everyone) is an outflow, not a receipt.
    where not receiving_is_total and receiving_iso3 is not null
),

totals as (
    select
        country_code as receiving_iso3,
        cast(null as {{ dbt.type_string() }}) as sending_iso3,
        year,
        value as value_usd,
        false as is_estimate,
        'World Bank WDI' as source,
        2 as source_priority,
        source_vintage,
        raw_sha256
    from wdi
    union all
    select
        country_iso3,
        null,
        year,
        value_usd_millions * 1e6,
        is_estimate,
        'KNOMAD inward',
        1,
        source_vintage,
        raw_sha256
    from knomad_inward
    union all
    select
        receiving_iso3,
        null,
        year,
        value_usd_millions * 1e6,
        -- The matrix is modelled from migrant stocks and incomes, never reported.
        true,
        'KNOMAD bilateral',
        3,
        source_vintage,
        raw_sha256
    from knomad_bilateral
    where sending_is_total
),

ranked_totals as (
    select
        *,
        row_number() over (
            partition by receiving_iso3, year
            order by
                value_usd > 0 desc,
                source = 'KNOMAD bilateral',
                {{ cast_or_null(
                    "case when length(source_vintage) = 7 then source_vintage || '-01' else source_vintage end",
                    'date'
                ) }} desc nulls last,
                source_priority
        ) as preference_rank
    from totals
),

corridors as (
    select
        receiving_iso3,
        sending_iso3,
        year,
        value_usd_millions * 1e6 as value_usd,
        true as is_estimate,
        'KNOMAD bilateral' as source,
        source_vintage,
        raw_sha256
    from knomad_bilateral
    where not sending_is_total and sending_iso3 is not null
),

final as (
    select
        receiving_iso3,
        sending_iso3,
        year,
        value_usd,
        is_estimate,
        source,
        preference_rank = 1 as preferred,
        cast(preference_rank as integer) as preference_rank,
        source_vintage,
        raw_sha256
    from ranked_totals
    union all
    select
        receiving_iso3,
        sending_iso3,
        year,
        value_usd,
        is_estimate,
        source,
        -- A corridor has one figure, so it is its own preferred row.
        true,
        cast(null as integer),
        source_vintage,
        raw_sha256
    from corridors
)

select * from final
