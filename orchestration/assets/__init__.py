"""Asset definitions: per-source landing and raw tables, the dbt models, and the publish step."""
