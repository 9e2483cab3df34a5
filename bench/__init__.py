"""`make bench`: opuss at national scale on PostgreSQL, every figure a ratio against a floor
measured in the same run (issue #14). `python -m bench --help` for the options; README.md's
« Benchmarks » and bench/RESULTS.md for what it measures and found."""
