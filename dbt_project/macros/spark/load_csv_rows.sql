{#- Seeds on Spark. dbt-spark's session method fills the `%s` of its INSERT by plain string
    formatting, quoting text without escaping it: a seed value with an apostrophe (US_FTA names,
    notes) breaks the statement. Here the values are written into the SQL as escaped literals
    (Spark's string literals escape with a backslash), in the same batches. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) %}
    {%- set statements = [] %}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) %}
        {%- set sql %}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for col_name in agate_table.column_names -%}
                    {%- set value = row[loop.index0] -%}
                    {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
                    {%- if value is none -%}
                        {%- set literal = 'null' -%}
                    {%- elif value is sameas true or value is sameas false -%}
                        {%- set literal = 'true' if value else 'false' -%}
                    {%- elif value is number -%}
                        {%- set literal = value | string -%}
                    {%- else -%}
                        {%- set literal = "'" ~ (value | string | replace("\\", "\\\\") | replace("'", "\\'")) ~ "'" -%}
                    {%- endif -%}
                    cast({{ literal }} as {{ type }}){{ ',' if not loop.last }}
                {%- endfor -%}){{ ',' if not loop.last }}
            {%- endfor %}
        {%- endset %}
        {%- do adapter.add_query(sql, abridge_sql_log=True) %}
        {%- if loop.index0 == 0 %}
            {%- do statements.append(sql) %}
        {%- endif %}
    {%- endfor %}
    {{ return(statements[0]) }}
{% endmacro %}
