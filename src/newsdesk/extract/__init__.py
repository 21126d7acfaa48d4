"""Extract stage modules."""
