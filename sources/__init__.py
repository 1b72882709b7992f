"""Publisher connectors: one subpackage per publisher (fetch, parse, sample).

Each subpackage exposes a ``SOURCE`` (:class:`sources._common.spec.SourceSpec`) that
the orchestration layer turns into Dagster assets; nothing here imports Dagster.
"""
