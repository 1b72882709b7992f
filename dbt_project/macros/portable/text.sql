{#- A number as text with `places` decimals, rounded, no thousands separator: 12.3456 -> '12.3'. -#}
{% macro format_decimal(expression, places) %}
    {{- return(adapter.dispatch('format_decimal')(expression, places)) -}}
{% endmacro %}

{% macro default__format_decimal(expression, places) %}
    {{ exceptions.raise_compiler_error("format_decimal has no implementation for " ~ target.type) }}
{% endmacro %}

{% macro duckdb__format_decimal(expression, places) -%}
    format('{:.{{ places }}f}', {{ expression }})
{%- endmacro %}

{#- format_number would add thousands separators; format_string is Java's printf, whose %f takes no
    Spark decimal (100.0 * a / b is one on Spark, a double on DuckDB). -#}
{% macro spark__format_decimal(expression, places) -%}
    format_string('%.{{ places }}f', cast({{ expression }} as double))
{%- endmacro %}

{#- A whole number as text with comma thousands separators: 1234567 -> '1,234,567'. -#}
{% macro format_thousands(expression) %}
    {{- return(adapter.dispatch('format_thousands')(expression)) -}}
{% endmacro %}

{% macro default__format_thousands(expression) %}
    {{ exceptions.raise_compiler_error("format_thousands has no implementation for " ~ target.type) }}
{% endmacro %}

{% macro duckdb__format_thousands(expression) -%}
    format('{:,}', {{ expression }})
{%- endmacro %}

{% macro spark__format_thousands(expression) -%}
    format_number({{ expression }}, 0)
{%- endmacro %}

{#- True where the text matches the regular expression anywhere (not anchored). -#}
{% macro regexp_contains(expression, pattern) %}
    {{- return(adapter.dispatch('regexp_contains')(expression, pattern)) -}}
{% endmacro %}

{% macro default__regexp_contains(expression, pattern) -%}
    {{ expression }} ~ {{ pattern }}
{%- endmacro %}

{% macro duckdb__regexp_contains(expression, pattern) -%}
    regexp_matches({{ expression }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regexp_contains(expression, pattern) -%}
    ({{ expression }} rlike {{ pattern }})
{%- endmacro %}

{#- True where the whole text matches the regular expression `pattern` (a Jinja string, no quotes). -#}
{% macro regexp_whole_match(expression, pattern) %}
    {{- return(adapter.dispatch('regexp_whole_match')(expression, pattern)) -}}
{% endmacro %}

{% macro default__regexp_whole_match(expression, pattern) -%}
    {{ expression }} ~ '^(?:{{ pattern }})$'
{%- endmacro %}

{% macro duckdb__regexp_whole_match(expression, pattern) -%}
    regexp_full_match({{ expression }}, '{{ pattern }}')
{%- endmacro %}

{% macro spark__regexp_whole_match(expression, pattern) -%}
    ({{ expression }} rlike '^(?:{{ pattern }})$')
{%- endmacro %}

{#- A text field of a JSON object held as text: null when the key is missing. -#}
{% macro json_text(expression, key) %}
    {{- return(adapter.dispatch('json_text')(expression, key)) -}}
{% endmacro %}

{% macro default__json_text(expression, key) %}
    {{ exceptions.raise_compiler_error("json_text has no implementation for " ~ target.type) }}
{% endmacro %}

{% macro duckdb__json_text(expression, key) -%}
    {{ expression }} ->> '{{ key }}'
{%- endmacro %}

{% macro spark__json_text(expression, key) -%}
    get_json_object({{ expression }}, '$.{{ key }}')
{%- endmacro %}

{#- A date parsed from text in a strptime `format` (%d, %b, %m, %Y only). -#}
{% macro parse_date(expression, format) %}
    {{- return(adapter.dispatch('parse_date')(expression, format)) -}}
{% endmacro %}

{% macro default__parse_date(expression, format) -%}
    to_date({{ expression }}, '{{ format | replace('%d', 'DD') | replace('%b', 'Mon') | replace('%m', 'MM') | replace('%Y', 'YYYY') }}')
{%- endmacro %}

{% macro duckdb__parse_date(expression, format) -%}
    cast(strptime({{ expression }}, '{{ format }}') as date)
{%- endmacro %}

{#- Spark's datetime patterns: `d` reads one or two digits as %d does. -#}
{% macro spark__parse_date(expression, format) -%}
    to_date({{ expression }}, '{{ format | replace('%d', 'd') | replace('%b', 'MMM') | replace('%m', 'MM') | replace('%Y', 'yyyy') }}')
{%- endmacro %}

{#- True where a floating-point value is NaN (not a number), which is not null and not equal to itself
    on DuckDB and Spark. -#}
{% macro is_nan(expression) %}
    {{- return(adapter.dispatch('is_nan')(expression)) -}}
{% endmacro %}

{% macro default__is_nan(expression) -%}
    ({{ expression }} = cast('NaN' as {{ type_double() }}))
{%- endmacro %}

{% macro duckdb__is_nan(expression) -%}
    isnan({{ expression }})
{%- endmacro %}

{% macro spark__is_nan(expression) -%}
    isnan({{ expression }})
{%- endmacro %}

{#- A regular expression as a SQL string literal. Spark reads a backslash in a literal as an escape
    (\( would lose its backslash); DuckDB keeps it. In Jinja, write each backslash twice: '\\('. -#}
{% macro regex_literal(pattern) %}
    {{- return(adapter.dispatch('regex_literal')(pattern)) -}}
{% endmacro %}

{% macro default__regex_literal(pattern) -%}
    '{{ pattern | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__regex_literal(pattern) -%}
    '{{ pattern | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
