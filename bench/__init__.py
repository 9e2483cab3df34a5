"""Benchmarks (issue #14): see docs/deploy.md and bench/RESULTS.md."""
