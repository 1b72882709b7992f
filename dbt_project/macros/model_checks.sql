{#- Helpers of the model_checks generic test (tests/generic/model_checks.sql): dbt reads only
    test blocks from tests/generic. -#}

{#- One failure row of model_checks: every part but `rule` and `column_names` is SQL. -#}
{% macro model_checks_result(rule, column_names, failing, found, expected, where_clause) -%}
{
            'rule': '{{ rule }}',
            'column_names': {{ model_checks_literal(column_names) if column_names is not none else 'cast(null as varchar)' }},
            'failing': cast({{ failing }} as bigint),
            'found': cast({{ found }} as varchar),
            'expected': cast({{ expected }} as varchar),
            'where_clause': cast({{ where_clause }} as varchar)
        }
{%- endmacro %}


{% macro model_checks_literal(text) -%}
'{{ text | string | replace("'", "''") }}'
{%- endmacro %}


{% macro model_checks_literals(values) -%}
{% for value in values %}{{ model_checks_literal(value) }}{{ ", " if not loop.last }}{% endfor %}
{%- endmacro %}
