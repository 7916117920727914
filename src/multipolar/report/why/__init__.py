"""Renderers of the ``why`` evidence: :mod:`.terminal` (Rich), :mod:`.html` (one file, the
channels' plain Plotly.js specs drawn in the page) and :mod:`.json` (the documented schema)."""
