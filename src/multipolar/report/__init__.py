"""Rendering: terminal (Rich), files (csv/parquet/json/dta), HTML. Never computes."""
