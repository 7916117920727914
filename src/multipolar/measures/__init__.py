"""Measures: pure functions and estimators, table in, table out (no I/O, no printing)."""
