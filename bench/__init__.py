"""Benchmarks of perfeval on a synthetic city: `python -m bench` (see docs/performance.md)."""
