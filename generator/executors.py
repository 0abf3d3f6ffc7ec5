"""Where stories are computed: this process, a process pool, or a Dask cluster.

Every choice gives the same pages: a story is a pure function of its input, and
each sentence is encoded on its own (``generator.embedding_cache``), so neither
the order nor the machine changes a bit of the output.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

from .errors import ConfigError


def cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@contextmanager
def story_executor(*, jobs: int = 1, scheduler: str | None = None) -> Iterator[Executor | None]:
    """Yield the executor that runs stories: a Dask cluster's when ``scheduler`` is given
    (``tcp://host:8786``, or ``local`` for a cluster of ``jobs`` worker processes on this
    machine, one per core when ``jobs`` is 1), a pool of
    ``jobs`` processes when more than one, else None (this process).

    The Dask workers need this package and its pinned requirements installed, and see
    the cache folder at the same path if the embedding cache is to be shared.
    """
    if scheduler:
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:  # pragma: no cover - pinned in requirements.txt
            raise ConfigError("--scheduler needs the Python package distributed; install the pinned "
                              "requirements with `make setup`") from error
        if scheduler == "local":
            workers = jobs if jobs > 1 else cores()
            # distributed is only partly typed: its constructors are untyped calls.
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,  # type: ignore[no-untyped-call]
                              dashboard_address=None) as cluster, \
                    Client(cluster) as client:  # type: ignore[no-untyped-call]
                yield client.get_executor()
            return
        try:
            client = Client(scheduler, timeout="30s")  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError, ValueError) as error:
            raise ConfigError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({error}); start one "
                              "with `dask scheduler` and workers with `dask worker ADDRESS`") from error
        with client:
            yield client.get_executor()  # type: ignore[no-untyped-call]
        return
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield pool
        return
    yield None
