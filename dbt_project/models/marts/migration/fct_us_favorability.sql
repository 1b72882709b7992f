-- Pew's survey figures as FiveThirtyEight compiled them: every row says it is a compilation.
with favourability as (
    select * from {{ ref('stg_pew_us_favorability__us_favorability') }}
),

final as (
    select
        country_iso3 as economy_iso3,
        survey_year,
        pct_favourable as pct_favourable_view_of_us,
        'Pew Research Center, Global Attitudes survey' as source,
        true as is_compilation,
        'FiveThirtyEight compilation (trump-world-trust/TRUMPWORLD-us.csv) of Pew figures; not a Pew file'
            as provenance,
        source_vintage,
        raw_sha256
    from favourability
)

select * from final
