{#- Every generic rule of one model in one test node, checked in one scan of the model.

    dbt's cost per test node (rendering its Jinja, running it as a statement of its own, logging
    its events; and Dagster's events for each asset check) dominated the dbt step, not the queries
    (README, Performance): one node per rule made 235 test nodes, one per model 65. Each model
    (and seed) therefore has one `model_checks` test, named model_checks_<model>, listing its
    rules in dbt's own spelling, and the test returns one row per rule that fails:

        rule          the rule's name, as below
        column_names  the column(s), or the expression, it checks
        failing       how many rows break it (unique: rows beyond the first of each key;
                      min_row_count: rows missing; contains_values: values missing;
                      the per-group rules: groups)
        found         what was found: up to 5 offending values, smallest first (ranges: the
                      smallest and largest offending value; unique: distinct keys and rows)
        expected      what the rule allows
        where_clause  the rule's `where`, or null

    Rules (`rules:` is a list of one-key mappings, {rule: {arguments}}); every rule takes an
    optional `where`, a SQL condition on the model's rows that limits the rule to the rows it
    matches, as dbt's `where` config does for a test of its own:

        not_null: {columns: [a, b]}
        unique: {column: a}                       nulls are not values (dbt's unique)
        unique_combination: {columns: [a, b]}     rows with equal keys, nulls included, are duplicates
        accepted_values: {column: a, values: [x, y]}          nulls pass
        accepted_range: {ranges: {a: {min_value: 0, max_value: 1}}}  either bound may go; nulls pass
        relationships: {column: a, to: ref('dim_x'), field: b}       nulls pass
        expression_is_true: {expression: "balance = exports - imports"}  null is false
        min_row_count: {min_rows: 1}
        contains_values: {column: a, values: [x, y]}          each value must occur
        exactly_one_true_per_group: {column: flag, group_by: [a, b]}
        standardized_within_group: {column: z, group_by: [a], tolerance: 1e-6}

    The row rules, the keys (count(distinct), which groups nulls as GROUP BY does) and the
    relationships (an anti-join per row, against the parent's non-null values) are aggregated in
    one pass over the model; only the two per-group rules read it again, grouped. The test has
    one severity and one set of dbt configs: rules that need another (severity warn, error_if,
    store_failures...) go in a second model_checks test of the model with that config (named
    model_checks_<model>_warn, say), never in this one. -#}
{% test model_checks(model, rules) %}
{%- set arguments = {
    'not_null': ['columns'],
    'unique': ['column'],
    'unique_combination': ['columns'],
    'accepted_values': ['column', 'values'],
    'accepted_range': ['ranges'],
    'relationships': ['column', 'to', 'field'],
    'expression_is_true': ['expression'],
    'min_row_count': ['min_rows'],
    'contains_values': ['column', 'values'],
    'exactly_one_true_per_group': ['column', 'group_by'],
    'standardized_within_group': ['column', 'group_by', 'tolerance'],
} %}
{%- set optional = {'standardized_within_group': ['tolerance']} %}
{%- set group_kinds = ['exactly_one_true_per_group', 'standardized_within_group'] %}
{%- set checked = [] %}
{%- for rule in rules %}
    {%- if rule is not mapping or rule | length != 1 %}
        {{ exceptions.raise_compiler_error("model_checks: each rule is a one-key mapping {rule: {arguments}}, got " ~ rule) }}
    {%- endif %}
    {%- set kind = (rule.keys() | list)[0] %}
    {%- set args = rule[kind] or {} %}
    {%- if kind not in arguments %}
        {{ exceptions.raise_compiler_error("model_checks: unknown rule " ~ kind ~ "; known: " ~ (arguments.keys() | list | join(', '))) }}
    {%- endif %}
    {%- for name in args if name not in arguments[kind] and name != 'where' %}
        {{ exceptions.raise_compiler_error("model_checks: " ~ kind ~ " takes " ~ (arguments[kind] | join(', ')) ~ " and where, not " ~ name) }}
    {%- endfor %}
    {%- for name in arguments[kind] if name not in args and name not in optional.get(kind, []) %}
        {{ exceptions.raise_compiler_error("model_checks: " ~ kind ~ " needs " ~ name) }}
    {%- endfor %}
    {%- do checked.append({'kind': kind, 'args': args, 'id': 'rule_' ~ loop.index}) %}
{%- endfor %}
{%- set row_rules = checked | rejectattr('kind', 'in', group_kinds) | list %}
{%- set group_rules = checked | selectattr('kind', 'in', group_kinds) | list %}
{%- if row_rules %}
with checked_rows as (
    select
        {%- for rule in row_rules %}
        {%- set args, id = rule.args, rule.id %}
        {%- set where = '(' ~ args.where ~ ') and ' if args.where else '' %}
        {%- if rule.kind == 'not_null' %}
        {%- for column in args.columns %}
        {{ where }}{{ column }} is null as {{ id }}_{{ loop.index }}_failed,
        {%- endfor %}
        {%- elif rule.kind == 'unique' %}
        {% if where %}case when ({{ args.where }}) then {{ args.column }} end{% else %}{{ args.column }}{% endif %} as {{ id }}_key,
        {%- elif rule.kind == 'unique_combination' %}
        {% if where %}case when ({{ args.where }}) then row({{ args.columns | join(', ') }}) end{% else %}row({{ args.columns | join(', ') }}){% endif %} as {{ id }}_key,
        {%- elif rule.kind == 'accepted_values' %}
        {{ where }}{{ args.column }} is not null
            and {{ args.column }} not in ({% for value in args['values'] %}{{ model_checks_literal(value) }}{{ ", " if not loop.last }}{% endfor %}) as {{ id }}_failed,
        {%- elif rule.kind == 'accepted_range' %}
        {%- for column, bounds in args.ranges.items() %}
        {{ where }}{{ column }} is not null and (
            false
            {%- if (bounds or {}).get('min_value') is not none %} or {{ column }} < {{ bounds.min_value }}{% endif %}
            {%- if (bounds or {}).get('max_value') is not none %} or {{ column }} > {{ bounds.max_value }}{% endif %}
        ) as {{ id }}_{{ loop.index }}_failed,
        {%- endfor %}
        {%- elif rule.kind == 'relationships' %}
        {{ where }}{{ args.column }} is not null
            and {{ args.column }} not in (select {{ args.field }} from {{ args.to }} where {{ args.field }} is not null) as {{ id }}_failed,
        {%- elif rule.kind == 'expression_is_true' %}
        {{ where }}not coalesce(({{ args.expression }}), false) as {{ id }}_failed,
        {%- elif rule.kind == 'min_row_count' %}
        {{ '(' ~ args.where ~ ')' if args.where else 'true' }} as {{ id }}_counted,
        {%- elif rule.kind == 'contains_values' %}
        case when {{ where }}{{ args.column }} is not null then cast({{ args.column }} as varchar) end as {{ id }}_value,
        {%- endif %}
        {%- endfor %}
        *
    from {{ model }}
),

aggregated as (
    select
        {%- for rule in row_rules %}
        {%- set args, id = rule.args, rule.id %}
        {%- if rule.kind == 'not_null' %}
        {%- for column in args.columns %}
        count(*) filter (where {{ id }}_{{ loop.index }}_failed) as {{ id }}_{{ loop.index }}_failing,
        {%- endfor %}
        {%- elif rule.kind in ['unique', 'unique_combination'] %}
        count({{ id }}_key) as {{ id }}_rows,
        count(distinct {{ id }}_key) as {{ id }}_keys,
        {%- elif rule.kind in ['accepted_values', 'relationships'] %}
        count(*) filter (where {{ id }}_failed) as {{ id }}_failing,
        list_sort(list(distinct {{ args.column }}) filter (where {{ id }}_failed))[1:5] as {{ id }}_examples,
        {%- elif rule.kind == 'accepted_range' %}
        {%- for column in args.ranges %}
        count(*) filter (where {{ id }}_{{ loop.index }}_failed) as {{ id }}_{{ loop.index }}_failing,
        min({{ column }}) filter (where {{ id }}_{{ loop.index }}_failed) as {{ id }}_{{ loop.index }}_lowest,
        max({{ column }}) filter (where {{ id }}_{{ loop.index }}_failed) as {{ id }}_{{ loop.index }}_highest,
        {%- endfor %}
        {%- elif rule.kind == 'expression_is_true' %}
        count(*) filter (where {{ id }}_failed) as {{ id }}_failing,
        {%- elif rule.kind == 'min_row_count' %}
        count(*) filter (where {{ id }}_counted) as {{ id }}_rows,
        {%- elif rule.kind == 'contains_values' %}
        coalesce(list(distinct {{ id }}_value), []) as {{ id }}_values,
        {%- endif %}
        {%- endfor %}
    from checked_rows
),

rule_results as (
    select unnest([
        {%- for rule in row_rules %}
        {%- set args, id = rule.args, rule.id %}
        {%- set where = model_checks_literal(args.where) if args.where else 'null' %}
        {%- if rule.kind == 'not_null' %}
        {%- for column in args.columns %}
        {{ model_checks_result('not_null', column, id ~ '_' ~ loop.index ~ '_failing', 'null', "'not null'", where) }},
        {%- endfor %}
        {%- elif rule.kind in ['unique', 'unique_combination'] %}
        {{ model_checks_result(
            rule.kind,
            args.column if rule.kind == 'unique' else args.columns | join(', '),
            id ~ '_rows - ' ~ id ~ '_keys',
            id ~ "_keys || ' distinct keys in ' || " ~ id ~ "_rows || ' rows'",
            "'one row per key'" if rule.kind == 'unique_combination' else "'one row per non-null value'",
            where,
        ) }},
        {%- elif rule.kind == 'accepted_values' %}
        {{ model_checks_result('accepted_values', args.column, id ~ '_failing', id ~ '_examples',
            model_checks_literal('one of ' ~ (args['values'] | join(', '))), where) }},
        {%- elif rule.kind == 'relationships' %}
        {{ model_checks_result('relationships', args.column, id ~ '_failing', id ~ '_examples',
            model_checks_literal('in ' ~ args.to.identifier ~ '.' ~ args.field), where) }},
        {%- elif rule.kind == 'accepted_range' %}
        {%- for column, bounds in args.ranges.items() %}
        {%- set low = (bounds or {}).get('min_value') %}
        {%- set high = (bounds or {}).get('max_value') %}
        {%- set part = id ~ '_' ~ loop.index %}
        {{ model_checks_result('accepted_range', column, part ~ '_failing',
            "cast(" ~ part ~ "_lowest as varchar) || ' to ' || cast(" ~ part ~ "_highest as varchar)",
            ("'[' || cast((" ~ low ~ ") as varchar)" if low is not none else "'(-inf'")
                ~ " || ', ' || " ~ ("cast((" ~ high ~ ") as varchar) || ']'" if high is not none else "'inf)'"),
            where) }},
        {%- endfor %}
        {%- elif rule.kind == 'expression_is_true' %}
        {{ model_checks_result('expression_is_true', args.expression, id ~ '_failing', 'null', "'true'", where) }},
        {%- elif rule.kind == 'min_row_count' %}
        {{ model_checks_result('min_row_count', none, 'greatest(' ~ args.min_rows ~ ' - ' ~ id ~ '_rows, 0)',
            id ~ "_rows || ' rows'", "'at least " ~ args.min_rows ~ (" row'" if args.min_rows == 1 else " rows'"), where) }},
        {%- elif rule.kind == 'contains_values' %}
        {%- set expected = '[' ~ model_checks_literals(args['values']) ~ ']' %}
        {{ model_checks_result('contains_values', args.column,
            'len(list_filter(' ~ expected ~ ', lambda v: not list_contains(' ~ id ~ '_values, v)))',
            "'missing ' || cast(list_filter(" ~ expected ~ ", lambda v: not list_contains(" ~ id ~ "_values, v)) as varchar)",
            model_checks_literal('contains ' ~ (args['values'] | join(', '))), where) }},
        {%- endif %}
        {%- endfor %}
    ], recursive := true)
    from aggregated
)

select rule, column_names, failing, found, expected, where_clause
from rule_results
where failing > 0
{%- endif %}
{%- for rule in group_rules %}
{%- set args = rule.args %}
{%- set groups = args.group_by | join(', ') %}
{%- if row_rules or not loop.first %}
union all
{%- endif %}
{%- if rule.kind == 'exactly_one_true_per_group' %}
select
    'exactly_one_true_per_group' as rule,
    {{ model_checks_literal(args.column) }} as column_names,
    count(*) as failing,
    cast(min({ {% for column in args.group_by %}'{{ column }}': {{ column }}, {% endfor %}'true_rows': true_rows }) as varchar) as found,
    {{ model_checks_literal('exactly one true row per ' ~ groups) }} as expected,
    {{ model_checks_literal(args.where) if args.where else 'cast(null as varchar)' }} as where_clause
from (
    select {{ groups }}, count(*) filter (where {{ args.column }}) as true_rows
    from {{ model }}
    {%- if args.where %}
    where {{ args.where }}
    {%- endif %}
    group by {{ groups }}
    having count(*) filter (where {{ args.column }}) <> 1
)
having count(*) > 0
{%- elif rule.kind == 'standardized_within_group' %}
{%- set tolerance = args.get('tolerance', 1e-6) %}
select
    'standardized_within_group' as rule,
    {{ model_checks_literal(args.column) }} as column_names,
    count(*) as failing,
    cast(min({ {% for column in args.group_by %}'{{ column }}': {{ column }}, {% endfor %}'mean': mean_value, 'sd': sd_value }) as varchar) as found,
    {{ model_checks_literal('mean 0 and sd 1 within ' ~ tolerance ~ ' per ' ~ groups) }} as expected,
    {{ model_checks_literal(args.where) if args.where else 'cast(null as varchar)' }} as where_clause
from (
    select {{ groups }}, avg({{ args.column }}) as mean_value, stddev_samp({{ args.column }}) as sd_value
    from {{ model }}
    where {{ args.column }} is not null
    {%- if args.where %}
        and ({{ args.where }})
    {%- endif %}
    group by {{ groups }}
    having count({{ args.column }}) >= 2
       and (abs(avg({{ args.column }})) > {{ tolerance }} or abs(stddev_samp({{ args.column }}) - 1) > {{ tolerance }})
)
having count(*) > 0
{%- endif %}
{%- endfor %}
{% endtest %}
