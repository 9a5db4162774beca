"""Benchmarks, run on purpose with `make bench`; results go to bench/RESULTS.md by hand."""
