"""newsdesk benchmarks: retrieval quality, French retrieval, ingest and search speed."""
