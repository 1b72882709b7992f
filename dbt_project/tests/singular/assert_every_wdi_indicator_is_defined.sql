{{ config(meta={'dagster': {'ref': {'name': 'stg_wdi__values'}}}) }}
-- Raw keeps every indicator the publisher's files define, and the registry picks those that reach
-- the marts. A code that neither the registry nor the publisher's indicator metadata defines is a
-- value nobody can interpret (the raw gate stops it first; this guards the staging model).
select stg.indicator_code, count(*) as undefined_rows
from {{ ref('stg_wdi__values') }} as stg
left join {{ ref('stg_wdi__indicator_registry') }} as registry
    on registry.indicator_code = stg.indicator_code
left join {{ ref('stg_wdi__indicators') }} as publisher
    on publisher.indicator_code = stg.indicator_code
where registry.indicator_code is null and publisher.indicator_code is null
group by 1
