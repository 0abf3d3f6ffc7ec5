"""Multi-source news summary generator: a cited consensus summary and the differences between sources."""
