"""uvicorn as `incar serve` runs it: open streams end promptly on shutdown, drops log quietly.

The access log is off by default: uvicorn formats and writes a log record per request, which
costs as much as serving a cached vehicle snapshot (about half the throughput of the polled
reads). The terminal still shows start-up, warnings, errors and tracebacks, and the banner says how
to see every request (`--access-log`, redacted by app/access_log.py).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import socket
from dataclasses import dataclass

import uvicorn
from starlette.applications import Starlette

from app import access_log
from app.shutdown import shutdown_signal
from app.sse import quiet_dropped_streams

# After SIGTERM, how long uvicorn waits for requests still running before it cancels them (a
# simulated latency or timeout, say); streams end by themselves well within it.
GRACEFUL_SHUTDOWN_S = 5

logger = logging.getLogger("uvicorn.error")


@dataclass(frozen=True)
class ServeOptions:
    """What `incar serve` passes through to uvicorn, under uvicorn's names."""

    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "info"
    access_log: bool = False
    root_path: str = ""
    proxy_headers: bool = True
    forwarded_allow_ips: str | None = None  # None: uvicorn's default ($FORWARDED_ALLOW_IPS or lo)

    def config(self, app: Starlette) -> uvicorn.Config:
        return uvicorn.Config(
            app,
            host=self.host,
            port=self.port,
            log_level=self.log_level,
            access_log=self.access_log,
            root_path=self.root_path,
            proxy_headers=self.proxy_headers,
            forwarded_allow_ips=self.forwarded_allow_ips,
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
        )

    def banner(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        base = f"http://{host}:{self.port}{self.root_path}"
        requests = (
            "access log on (--no-access-log for full speed)"
            if self.access_log
            else "access log off; `incar serve --access-log` shows every request"
        )
        return f"incar-sim ready: console {base}/ , API docs {base}/docs ; {requests}"


class StreamAwareServer(uvicorn.Server):
    """Tells the app's streams the moment uvicorn starts shutting down.

    On SIGTERM uvicorn's `handle_exit` only sets `should_exit`; within 0.1 s its main loop calls
    `shutdown()`, which stops accepting connections and then waits for the open ones. The ASGI
    lifespan shutdown comes only after that wait, too late to end a stream, so the signal is set
    here, first."""

    def __init__(self, config: uvicorn.Config, app: Starlette, banner: str) -> None:
        super().__init__(config)
        self.incar_app = app
        self.banner = banner

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            # What start-up loaded (fixtures, models, routes: ~90k objects) lives as long as the
            # process; a full collection would walk it all again (~50 ms, a p99 stall).
            gc.freeze()
            logger.info(self.banner)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        shutdown_signal(self.incar_app).set()
        await super().shutdown(sockets)


def serve(app: Starlette, options: ServeOptions) -> bool:
    """Run until SIGINT/SIGTERM; False if the server could not start (the port is taken, say)."""
    config = options.config(app)
    # After Config, which configures uvicorn's logging.
    quiet_dropped_streams()
    access_log.install()
    server = StreamAwareServer(config, app, options.banner())
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises Ctrl-C once it has stopped
        server.run()
    return server.started
