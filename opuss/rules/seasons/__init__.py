"""One TOML file per season, named after it ("2025-2026.toml"), read by `opuss.rules.season`.

Adding a season is adding a file here; the schema is described in docs/rules.md.
"""
