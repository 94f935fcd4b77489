"""uvicorn as `incar serve` runs it: open streams end promptly on shutdown, drops log quietly."""

from __future__ import annotations

import contextlib
import socket

import uvicorn
from starlette.applications import Starlette

from app import access_log
from app.shutdown import shutdown_signal
from app.sse import quiet_dropped_streams

# After SIGTERM, how long uvicorn waits for requests still running before it cancels them (a
# simulated latency or timeout, say); streams end by themselves well within it.
GRACEFUL_SHUTDOWN_S = 5


class StreamAwareServer(uvicorn.Server):
    """Tells the app's streams the moment uvicorn starts shutting down.

    On SIGTERM uvicorn's `handle_exit` only sets `should_exit`; within 0.1 s its main loop calls
    `shutdown()`, which stops accepting connections and then waits for the open ones. The ASGI
    lifespan shutdown comes only after that wait, too late to end a stream, so the signal is set
    here, first."""

    def __init__(self, config: uvicorn.Config, app: Starlette) -> None:
        super().__init__(config)
        self.incar_app = app

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        shutdown_signal(self.incar_app).set()
        await super().shutdown(sockets)


def serve(app: Starlette, host: str, port: int) -> bool:
    """Run until SIGINT/SIGTERM; False if the server could not start (the port is taken, say)."""
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="info",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
    )
    # After Config, which configures uvicorn's logging.
    quiet_dropped_streams()
    access_log.install()
    server = StreamAwareServer(config, app)
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises Ctrl-C once it has stopped
        server.run()
    return server.started
