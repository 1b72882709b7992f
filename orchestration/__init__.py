"""The Dagster code location: assets, checks, jobs, schedules and the `hemi` command line."""
