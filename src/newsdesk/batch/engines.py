"""The two engines that run shards through ``ShardProcessor``: local processes, and Ray Data.

Both take the same shard specs and the same processor settings and yield one summary per finished
shard, in completion order (the files, not the order of summaries, carry the input order).

- ``local``: a pool of spawned processes on this machine, each building one processor.
- ``ray``: Ray Data's ``map_batches`` over a dataset of shard specs, with a fixed-size actor pool
  (``ActorPoolStrategy``), one CPU and one processor per actor: Ray Data's pattern for stateful batch
  inference. Ray Data's actor pool restarts a dead actor and retries its task (``max_restarts=-1``,
  ``max_task_retries=-1`` are its defaults for actor pools); a retried shard rewrites the same files.

Ray is imported only here, inside the functions: the default install never needs it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterator, Optional, Sequence

from ..analysis import embeddings
from ..errors import BatchOutputError, RayNotInstalled
from .inputs import ShardSpec

ENGINES = ("local", "ray")
Log = Callable[[str], None]


# --- local ----------------------------------------------------------------------------------------

_worker_processor = None


def _init_worker(settings: dict) -> None:
    from .processor import ShardProcessor

    global _worker_processor
    _worker_processor = ShardProcessor(**settings)


def _process_in_worker(spec_json: str) -> dict:
    return _worker_processor.process(ShardSpec.from_json(spec_json))


def run_local(specs: Sequence[ShardSpec], settings: dict, workers: int) -> Iterator[dict]:
    """Run the shards in ``workers`` spawned processes (spawn: the parent may hold threads and
    sockets that a fork would copy)."""
    if not specs:
        return
    context = multiprocessing.get_context("spawn")
    embeddings.share_cores(workers)
    try:
        with ProcessPoolExecutor(max_workers=max(1, min(workers, len(specs))), mp_context=context,
                                 initializer=_init_worker, initargs=(settings,)) as pool:
            futures = [pool.submit(_process_in_worker, spec.to_json()) for spec in specs]
            for future in as_completed(futures):
                yield future.result()
    except BrokenProcessPool as exc:
        raise BatchOutputError(settings["out"], "a local worker process died (killed, or out of memory); run the "
                                                "same command again: finished shards are kept") from exc


# --- ray ------------------------------------------------------------------------------------------

def import_ray() -> Any:
    """Ray, or a numbered error that says how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401  (the extra installs ray[data]; plain ray lacks it)
    except ImportError as exc:
        raise RayNotInstalled("--engine ray", str(exc)) from exc
    return ray


def connect_ray(address: Optional[str], workers: int, log: Optional[Log] = None) -> bool:
    """Connect to the cluster at ``address`` (``auto``, ``ray://HOST:PORT``, ``HOST:PORT``), or start a
    local one on loopback when ``address`` is None. Returns True when this call connected (and so the
    caller should disconnect), False when a connection was already open."""
    ray = import_ray()
    if ray.is_initialized():
        return False
    quiet = {"logging_level": logging.WARNING, "log_to_driver": True, "configure_logging": True}
    if address is None:
        ray.init(address="local", num_cpus=max(workers, os.cpu_count() or 1), include_dashboard=False,
                 _node_ip_address="127.0.0.1", **quiet)
    else:
        ray.init(address=address, **quiet)
    cpus = ray.cluster_resources().get("CPU", 0)
    if cpus < workers and log:
        log(f"the cluster has {cpus:g} CPUs for {workers} workers: the pool waits for more (an autoscaling "
            "cluster adds nodes; a fixed one never will, so lower --workers)")
    return True


def run_ray(specs: Sequence[ShardSpec], settings: dict, workers: int, address: Optional[str] = None,
            progress: bool = False, log: Optional[Log] = None) -> Iterator[dict]:
    """Run the shards as a Ray Data job: one dataset row per shard, one actor per worker."""
    if not specs:
        return
    ray = import_ray()
    from .processor import ShardProcessor

    connected = connect_ray(address, workers, log)
    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = progress
        logging.getLogger("ray.data").setLevel(logging.INFO if progress else logging.WARNING)
        rows = [{"shard": spec.shard, "spec": spec.to_json()} for spec in specs]
        dataset = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
            ShardProcessor,
            fn_constructor_kwargs=settings,
            batch_size=1,                 # one shard per call: shard boundaries stay the planner's
            batch_format="numpy",
            # One task in flight per actor: shards are long, and a queue behind a busy actor would
            # leave another idle at the end of the run.
            compute=ray.data.ActorPoolStrategy(size=workers, max_tasks_in_flight_per_actor=1),
            num_cpus=1,
        )
        try:
            for row in dataset.iter_rows():
                yield {key: value.item() if hasattr(value, "item") else value for key, value in row.items()}
        except ray.exceptions.RayError as exc:
            # A shard that fails in the processor itself (not a dead worker: those are retried).
            reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            raise BatchOutputError(settings["out"], f"the Ray job failed: {reason}; fix the cause and run the "
                                                    "same command again: finished shards are kept") from exc
    finally:
        if connected:
            ray.shutdown()
