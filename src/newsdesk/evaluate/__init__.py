"""Evaluate stage modules."""
