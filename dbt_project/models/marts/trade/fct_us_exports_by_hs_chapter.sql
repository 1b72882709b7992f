-- US exports (FAS value) by partner economy, year and HTS chapter, from USITC DataWeb. Only rows
-- whose partner maps to an economy: Gaza Strip and West Bank stay in raw (ISO has one code for both).
with exports as (
    select * from {{ ref('stg_usitc_dataweb__exports_by_hs2') }}
    where partner_iso3 is not null
),

final as (
    select
        partner_iso3,
        year,
        hs_chapter,
        hs_chapter_name,
        exports_usd,
        -- HS sections I-IV (chapters 01-24): live animals, vegetable products, fats, prepared foods.
        cast(hs_chapter as integer) between 1 and 24 as is_agricultural,
        source_vintage,
        is_derived_file,
        raw_sha256
    from exports
)

select * from final
