"""The Dask engine: the batch's extraction on a ``dask.distributed`` cluster.

    extractor run INPUT... --engine dask [--scheduler tcp://HOST:8786] [--workers N]

Without a scheduler address, a ``LocalCluster`` of N single-threaded worker processes on
loopback runs the work; with one, an existing cluster does. The batch's items go out as
partitions (one task per batch of ``--batch-size`` articles); each worker process loads
the spaCy model once, on its first partition, and keeps it. The results come back to
:func:`extractor.batch.run_batch`, which writes the outputs exactly as for the local engine.

Workers read the input files themselves, so they must see the same paths as the machine
that starts the run (shared storage); JSON objects travel inside the tasks. When a worker
dies, the scheduler gives its unfinished partitions to another worker; a partition that
keeps failing is reported as failed, input by input, and the run goes on.

Needs the optional extra: ``pip install 'extractor[dask]'``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from .batch import Engine, Options, Outcome, process
from .inputs import Item


def dask_engine(scheduler: str | None = None, workers: int = 1) -> Engine:
    """Return an engine that runs the batches on a Dask cluster (local when no scheduler)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        from .cli import UsageError

        raise UsageError("--engine dask needs Dask: pip install 'dask[distributed]' "
                         "(or the project's 'dask' extra)") from None

    def engine(batches: list[list[tuple[int, Item]]], options: Options) -> Iterator[list[Outcome]]:
        from distributed import Client, LocalCluster, as_completed

        cluster = None
        if scheduler is None:
            # Its workers' logs are silenced: a failed input is reported in run.json, and
            # shutting the cluster down otherwise prints heartbeat errors of no consequence.
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None, silence_logs=logging.CRITICAL)
        client = Client(scheduler or cluster)
        try:
            futures = {client.submit(process, batch, options.settings, options.published, pure=False): batch
                       for batch in batches}
            for future in as_completed(futures):
                if future.status == "finished":
                    yield future.result()
                else:
                    yield _failed(futures[future], future.exception())
                future.release()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return engine


def _failed(batch: list[tuple[int, Item]], error: BaseException | None) -> list[Outcome]:
    """Outcomes for a partition the cluster could not run (its workers kept dying, say)."""
    reason = f"{type(error).__name__}: {error}" if error is not None else "the task was lost"
    return [Outcome(index, None, f"{item.source}: extraction failed on the cluster: {reason}")
            for index, item in batch]
