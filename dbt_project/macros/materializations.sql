{#- Lean `view` and `table` materializations for the build copy.

    dbt-duckdb's own materializations build each model under a temporary name, rename the live
    relation to a backup, rename the new one into place, then drop the backup, and for tables also
    look up indexes and foreign keys around the swap: up to a dozen adapter calls per model, so
    that a failed model leaves the old relation readable. Hemisphere never lets dbt touch the
    published warehouse: dbt writes a private build copy that is published only when every check
    has passed and is thrown away otherwise (orchestration/warehouse.py). The swap protects nothing
    here, and its calls were most of the dbt step's per-model cost (README, Performance), so each
    model is replaced in place, in one transaction, with what the swap kept: pre- and post-hooks,
    contracts (dbt-duckdb's create_table_as checks the columns and creates the constrained table)
    and persisted docs. No model here uses grants, indexes, foreign keys or partitioning; the
    materializations refuse configs they do not implement rather than ignore them. -#}

{% macro _hemisphere_refuse_unsupported_configs() %}
  {%- for key in ['grants', 'indexes', 'partitioned_by', 'sorted_by'] -%}
    {%- if config.get(key) -%}
      {% do exceptions.raise_compiler_error(
          "the project's lean materializations (macros/materializations.sql) do not implement '"
          ~ key ~ "' (set on " ~ model.unique_id ~ "): use dbt-duckdb's own, or add it there") %}
    {%- endif -%}
  {%- endfor -%}
  {%- for constraint in model.constraints -%}
    {%- if constraint.type in ['primary_key', 'foreign_key'] -%}
      {% do exceptions.raise_compiler_error(
          "the project's lean table materialization does not handle key constraints ("
          ~ model.unique_id ~ "): dropping a table would drop what references it") %}
    {%- endif -%}
  {%- endfor -%}
{% endmacro %}

{#- Replace ``target_relation`` with what the caller block's SQL creates, hooks and docs around it. -#}
{% macro _hemisphere_replace_in_place(target_relation) %}
  {%- set create_sql = caller -%}
  {{ _hemisphere_refuse_unsupported_configs() }}
  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}
  {%- set existing_relation = load_cached_relation(this) -%}
  {#- A model that changed from view to table (or back) cannot be replaced in place. -#}
  {%- if existing_relation is not none and existing_relation.type != target_relation.type -%}
    {{ drop_relation_if_exists(existing_relation) }}
  {%- endif -%}
  {% call statement('main') -%}
    {{ create_sql(existing_relation) }}
  {%- endcall %}
  {% do persist_docs(target_relation, model) %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {{ adapter.commit() }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
{% endmacro %}

{% materialization view, adapter='duckdb' %}
  {%- set target_relation = this.incorporate(type='view') -%}
  {% call(existing_relation) _hemisphere_replace_in_place(target_relation) %}
    {%- if config.get('contract').enforced %}{{ get_assert_columns_equivalent(sql) }}{% endif %}
    {{ config.get('sql_header') or '' }}
    create or replace view {{ target_relation }} as (
      {{ sql }}
    );
  {% endcall %}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{% materialization table, adapter='duckdb' %}
  {%- set target_relation = this.incorporate(type='table') -%}
  {#- A contract makes create_table_as two statements (create the typed table, insert into it), so
      the old table is dropped first rather than replaced by `create or replace ... as`. -#}
  {% call(existing_relation) _hemisphere_replace_in_place(target_relation) %}
    {% if existing_relation is not none and existing_relation.type == 'table' -%}
      drop table if exists {{ target_relation }};
    {%- endif %}
    {{ create_table_as(False, target_relation, sql) }}
  {% endcall %}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
