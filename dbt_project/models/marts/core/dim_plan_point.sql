with plan_points as (
    select * from {{ ref('plan_points') }}
)

select plan_point, paper, title, question from plan_points
