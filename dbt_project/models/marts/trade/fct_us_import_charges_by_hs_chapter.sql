-- US general import charges (freight, insurance and other charges to the first US port; duties
-- excluded) by partner economy, year and HTS chapter, from USITC DataWeb.
with import_charges as (
    select * from {{ ref('stg_usitc_dataweb__import_charges_by_hs2') }}
    where partner_iso3 is not null
),

final as (
    select
        partner_iso3,
        year,
        hs_chapter,
        hs_chapter_name,
        import_charges_usd,
        source_vintage,
        is_derived_file,
        raw_sha256
    from import_charges
)

select * from final
