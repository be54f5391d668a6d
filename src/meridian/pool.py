"""Long work on both cores: run one function over many jobs in worker processes, in order.

The gallery and the website draw their figures this way. Workers are started with "spawn"
(clean interpreters, safe whatever threads the caller runs, the same on every system), each gets
the graph once through ``init``, and any error or interruption stops them all.

Examples
--------
>>> run_all(pow, [(2, 3), (3, 2)], workers=1)
[8, 9]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["run_all"]

R = TypeVar("R")


def run_all(
    func: Callable[..., R],
    jobs: Sequence[tuple[Any, ...]],
    *,
    workers: int,
    init: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    progress: Callable[[int, int], None] | None = None,
) -> list[R]:
    """``func(*job)`` for every job, results in the jobs' order: in this process when ``workers``
    is 1, else on that many worker processes; ``progress(done, total)`` after each job."""
    total = len(jobs)
    results: list[R] = []
    if workers == 1:
        if init is not None:
            init(*initargs)
        for job in jobs:
            results.append(func(*job))
            if progress:
                progress(len(results), total)
        return results
    import multiprocessing

    pool = multiprocessing.get_context("spawn").Pool(workers, initializer=init, initargs=initargs)
    try:
        pending = [pool.apply_async(func, job) for job in jobs]
        for result in pending:
            results.append(result.get())
            if progress:
                progress(len(results), total)
        pool.close()
        return results
    except BaseException:
        pool.terminate()  # an error or Ctrl-C: no worker is left running
        raise
    finally:
        pool.join()
