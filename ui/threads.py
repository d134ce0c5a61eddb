"""numpy's BLAS in a threaded server: one thread per call, since requests are the parallelism.

OpenBLAS runs each matrix product on a pool of one thread per core, and concurrent callers
queue for that pool. Measured on 2 cores, 20 threads scoring a French query each against the
cross-lingual vectors of the TLDR archive (43,822 int8 rows, ``index/retrieval/crosslingual.py``):
3.4 ms a call alone, but 513 ms a call (throughput) under the 20 threads with the default
pool, against 2.1 ms with one BLAS thread. The exact scoring of a filtered search
(``index/retrieval/search.py``) goes through the same products. torch (the embedding model) has its
own thread pool and is left alone: it scales with concurrent callers as it is.
"""

from __future__ import annotations

from threadpoolctl import threadpool_limits


def one_blas_thread() -> None:
    """Call before starting the threads that serve requests: for the whole process."""
    threadpool_limits(limits=1, user_api="blas")
