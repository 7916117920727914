"""Evidence assembled for a question (a dyad, a group, a year), as typed, JSON-serialisable records."""
