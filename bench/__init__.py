"""Benchmarks (`python -m bench`, `make bench`): print figures; not part of the test suite."""
