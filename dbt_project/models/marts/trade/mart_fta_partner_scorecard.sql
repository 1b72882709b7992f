-- Trade paper T1 and plan point P3: is the US running goods surpluses with its FTA partners in the
-- hemisphere, and how has trade grown since each agreement entered into force for the partner,
-- against the growth of all US goods trade over the same years?
with partners as (
    select * from {{ ref('int_trade__us_fta_partners') }}
),

annual as (
    select * from {{ ref('fct_us_goods_trade_annual') }} where partner_kind = 'economy'
),

world as (
    -- Census's own World total (not seasonally adjusted), the denominator of the trade shares and
    -- the comparator of the growth columns.
    select * from {{ ref('fct_us_goods_trade_annual') }} where census_code = '0015'
),

countries as (
    select * from {{ ref('dim_country') }}
),

-- Growth is measured for complete years from the base year on, against a complete base year only;
-- a base year before the Census series (partners from 1985, World from 1987) has no row, so its
-- growth is null. Years before the base year have no growth "since" it.
complete_years as (
    select partner_iso3, year, exports_usd, imports_usd from annual where is_complete_year
),

world_complete_years as (
    select year, exports_usd, imports_usd from world where is_complete_year
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
        world.exports_usd as us_exports_usd,
        world.imports_usd as us_imports_usd,
        partners.rta_id,
        partners.agreement_name,
        partners.entry_into_force,
        partners.agreement_entry_into_force,
        cast(extract(year from partners.entry_into_force) - 1 as integer) as growth_base_year,
        partners.first_agreement_name,
        partners.first_entry_into_force,
        cast(extract(year from partners.first_entry_into_force) - 1 as integer) as first_growth_base_year,
        annual.months_reported,
        annual.is_complete_year,
        annual.source_vintage
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
        partner_years.agreement_entry_into_force,
        partner_years.year >= extract(year from partner_years.entry_into_force) as is_agreement_in_force,
        -- Months of the calendar year the agreement was in force for the whole month.
        cast(greatest(0, least(12,
            12 * (partner_years.year - extract(year from partner_years.entry_into_force))
            - extract(month from partner_years.entry_into_force)
            + case when extract(day from partner_years.entry_into_force) = 1 then 13 else 12 end
        )) as integer) as months_in_force,
        -- Canada and Mexico had NAFTA (Canada CUSFTA before it) long before USMCA.
        partner_years.year >= extract(year from partner_years.first_entry_into_force) as has_us_fta_in_year,
        partner_years.growth_base_year,
        case when partner_years.is_complete_year and partner_years.year >= partner_years.growth_base_year
            then partner_years.exports_usd / nullif(entry_base.exports_usd, 0) - 1
        end as exports_growth_since_entry,
        case when partner_years.is_complete_year and partner_years.year >= partner_years.growth_base_year
            then partner_years.imports_usd / nullif(entry_base.imports_usd, 0) - 1
        end as imports_growth_since_entry,
        case when partner_years.is_complete_year and partner_years.year >= partner_years.growth_base_year
            then partner_years.us_exports_usd / nullif(world_entry_base.exports_usd, 0) - 1
        end as us_exports_growth_since_entry,
        case when partner_years.is_complete_year and partner_years.year >= partner_years.growth_base_year
            then partner_years.us_imports_usd / nullif(world_entry_base.imports_usd, 0) - 1
        end as us_imports_growth_since_entry,
        partner_years.first_agreement_name,
        partner_years.first_entry_into_force,
        partner_years.first_growth_base_year,
        case when partner_years.is_complete_year and partner_years.year >= partner_years.first_growth_base_year
            then partner_years.exports_usd / nullif(first_base.exports_usd, 0) - 1
        end as exports_growth_since_first_entry,
        case when partner_years.is_complete_year and partner_years.year >= partner_years.first_growth_base_year
            then partner_years.imports_usd / nullif(first_base.imports_usd, 0) - 1
        end as imports_growth_since_first_entry,
        case when partner_years.is_complete_year and partner_years.year >= partner_years.first_growth_base_year
            then partner_years.us_exports_usd / nullif(world_first_base.exports_usd, 0) - 1
        end as us_exports_growth_since_first_entry,
        case when partner_years.is_complete_year and partner_years.year >= partner_years.first_growth_base_year
            then partner_years.us_imports_usd / nullif(world_first_base.imports_usd, 0) - 1
        end as us_imports_growth_since_first_entry,
        partner_years.months_reported,
        partner_years.is_complete_year,
        partner_years.source_vintage
    from partner_years
    left join complete_years as entry_base
        on entry_base.partner_iso3 = partner_years.partner_iso3
        and entry_base.year = partner_years.growth_base_year
    left join complete_years as first_base
        on first_base.partner_iso3 = partner_years.partner_iso3
        and first_base.year = partner_years.first_growth_base_year
    left join world_complete_years as world_entry_base
        on world_entry_base.year = partner_years.growth_base_year
    left join world_complete_years as world_first_base
        on world_first_base.year = partner_years.first_growth_base_year
)

select * from final
