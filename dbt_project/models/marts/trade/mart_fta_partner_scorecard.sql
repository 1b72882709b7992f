-- Trade paper T1 and plan point P3: is the US running goods surpluses with its FTA partners in the
-- hemisphere, and how has trade grown since each agreement entered into force?
with partners as (
    select * from {{ ref('int_trade__us_fta_partners') }}
),

annual as (
    select * from {{ ref('fct_us_goods_trade_annual') }} where partner_kind = 'economy'
),

world as (
    -- Census's own World total (not seasonally adjusted), the denominator of the trade shares.
    select * from {{ ref('fct_us_goods_trade_annual') }} where census_code = '0015'
),

countries as (
    select * from {{ ref('dim_country') }}
),

-- Growth is measured against a complete base year only; a base year before the Census series
-- starts (1985) has no row, so its growth is null.
complete_years as (
    select partner_iso3, year, exports_usd, imports_usd from annual where is_complete_year
),

partner_years as (
    select
        partners.partner_iso3,
        countries.country_name as partner_name,
        annual.year,
        annual.exports_usd,
        annual.imports_usd,
        annual.balance_usd,
        (annual.exports_usd + annual.imports_usd)
            / nullif(world.exports_usd + world.imports_usd, 0) as share_of_us_trade,
        partners.rta_id,
        partners.agreement_name,
        partners.entry_into_force,
        partners.first_agreement_name,
        partners.first_entry_into_force,
        annual.months_reported,
        annual.is_complete_year,
        annual.source_vintage,
    from partners
    inner join annual on annual.partner_iso3 = partners.partner_iso3
    inner join countries on countries.country_iso3 = partners.partner_iso3
    left join world on world.year = annual.year
),

final as (
    select
        partner_years.partner_iso3,
        partner_years.partner_name,
        partner_years.year,
        partner_years.exports_usd,
        partner_years.imports_usd,
        partner_years.balance_usd,
        partner_years.balance_usd > 0 as has_us_surplus,
        partner_years.share_of_us_trade,
        partner_years.rta_id,
        partner_years.agreement_name,
        partner_years.entry_into_force,
        partner_years.year >= extract(year from partner_years.entry_into_force) as is_agreement_in_force,
        cast(extract(year from partner_years.entry_into_force) - 1 as integer) as growth_base_year,
        case when partner_years.is_complete_year
            then partner_years.exports_usd / nullif(entry_base.exports_usd, 0) - 1
        end as exports_growth_since_entry,
        case when partner_years.is_complete_year
            then partner_years.imports_usd / nullif(entry_base.imports_usd, 0) - 1
        end as imports_growth_since_entry,
        partner_years.first_agreement_name,
        partner_years.first_entry_into_force,
        case when partner_years.is_complete_year
            then partner_years.exports_usd / nullif(first_base.exports_usd, 0) - 1
        end as exports_growth_since_first_entry,
        case when partner_years.is_complete_year
            then partner_years.imports_usd / nullif(first_base.imports_usd, 0) - 1
        end as imports_growth_since_first_entry,
        partner_years.months_reported,
        partner_years.is_complete_year,
        partner_years.source_vintage,
    from partner_years
    left join complete_years as entry_base
        on entry_base.partner_iso3 = partner_years.partner_iso3
        and entry_base.year = extract(year from partner_years.entry_into_force) - 1
    left join complete_years as first_base
        on first_base.partner_iso3 = partner_years.partner_iso3
        and first_base.year = extract(year from partner_years.first_entry_into_force) - 1
)

select * from final
