"""The service desk (Jira Service Management Cloud): pull open PKI requests into an inbox, and
post each result back as an internal comment. Read `jira.example.toml` for the configuration."""
