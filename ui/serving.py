"""Running the server: the process tuned for threaded requests, then uvicorn.

numpy's BLAS runs one thread per call, since requests are the parallelism: OpenBLAS runs each
matrix product on a pool of one thread per core and concurrent callers queue for that pool
(the cross-lingual scoring of a French query, the exact scoring of a filtered search). torch
(the embedding model) has its own pool and scales with concurrent callers as it is. glibc
keeps fewer malloc arenas (``assistant.memory``).
"""

from __future__ import annotations

import sys

from threadpoolctl import threadpool_limits

from assistant import NewsAssistant
from assistant.memory import cap_malloc_arenas
from ui.api.auth import is_loopback
from ui.web.app import create_server


def one_blas_thread() -> None:
    """Call before starting the threads that serve requests: for the whole process."""
    threadpool_limits(limits=1, user_api="blas")


def serve(desk: NewsAssistant, host: str, port: int) -> None:
    import uvicorn

    if not is_loopback(host) and host != "localhost" and not desk.settings.api_key:
        print(
            f"warning: serving on {host} without NEWSDESK_API_KEY: anyone who reaches it can search and ask; "
            "writes stay refused except from this machine",
            file=sys.stderr,
        )
    cap_malloc_arenas()  # before uvicorn starts the request threads
    one_blas_thread()
    # The peer address is the client's: forwarding headers are never taken for it (see ui.api.auth).
    uvicorn.run(create_server(desk), host=host, port=port, log_level="warning", proxy_headers=False)
