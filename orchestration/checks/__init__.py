"""Quality gates: Great Expectations 1.x suites run as blocking Dagster asset checks."""
