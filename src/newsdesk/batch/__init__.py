"""Scale-out: analyse large inputs into Parquet shards on local processes or a Ray cluster, and load
those shards into the store.

``run_batch`` (``newsdesk batch``) and ``load_shards`` (``newsdesk load``) are the entry points.
Ray is an optional extra: nothing in this package imports it at module level (``engines.py``
imports it inside the Ray engine's functions).
"""

from __future__ import annotations

from .run import BatchReport, run_batch

__all__ = ["BatchReport", "run_batch"]
