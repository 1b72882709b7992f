{#- Schemas are named exactly raw, staging, intermediate and marts: analysts type these names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name is not none else target.schema }}
{%- endmacro %}
