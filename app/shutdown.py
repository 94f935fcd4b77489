"""The server is stopping: long-lived streams end themselves instead of holding the exit up.

uvicorn stops accepting connections, then waits for the open ones to finish; a live telemetry feed
or a slowly paced answer would keep it waiting for as long as the client stays. `incar serve` sets
this signal the moment uvicorn begins to shut down (see app/cli.py); telemetry ends its stream and
paced answers send the rest at once.
"""

from __future__ import annotations

import anyio
from starlette.applications import Starlette


class ShutdownSignal:
    """Set once, from the event loop; awaited by any number of streams.

    One anyio Event per sleeper rather than one shared asyncio.Event, which would bind to the first
    event loop that waits on it (tests run each app in a loop of their own)."""

    def __init__(self) -> None:
        self._stopping = False
        self._sleepers: set[anyio.Event] = set()

    @property
    def stopping(self) -> bool:
        return self._stopping

    def set(self) -> None:
        self._stopping = True
        for sleeper in self._sleepers:
            sleeper.set()

    async def sleep(self, seconds: float) -> bool:
        """Wait `seconds`, or less if shutdown begins meanwhile; True once it has."""
        if self._stopping:
            return True
        woken = anyio.Event()
        self._sleepers.add(woken)
        try:
            with anyio.move_on_after(seconds):
                await woken.wait()
        finally:
            self._sleepers.discard(woken)
        return self._stopping


def shutdown_signal(app: Starlette) -> ShutdownSignal:
    """The app's signal, made on first use (so any app, however it was built, has one)."""
    signal: ShutdownSignal | None = getattr(app.state, "shutdown", None)
    if signal is None:
        signal = ShutdownSignal()
        app.state.shutdown = signal
    return signal
