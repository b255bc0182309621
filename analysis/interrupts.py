"""Stopping a long run cleanly: Ctrl-C and SIGTERM as one request to stop.

Python runs a signal handler between two steps of the main thread, and an exception raised
there can be lost (inside a hook that runs while worker processes are forked, for example).
So the handler installed by :func:`stop_on_terminate` both raises ``KeyboardInterrupt`` and
records the request; loops that wait for workers call :func:`check` between their waits,
which raises it again if it was lost.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

REQUESTED = threading.Event()
"""Set once Ctrl-C or SIGTERM asked the run to stop (cleared when the run ends)."""


def check() -> None:
    """Raise ``KeyboardInterrupt`` if a stop was requested."""
    if REQUESTED.is_set():
        raise KeyboardInterrupt("stop requested")


@contextmanager
def stop_on_terminate():
    """Within the block, Ctrl-C and SIGTERM raise ``KeyboardInterrupt`` in the main thread
    and set :data:`REQUESTED`. Outside the main thread this does nothing."""
    def handler(signum, frame):
        REQUESTED.set()
        raise KeyboardInterrupt(f"signal {signum}")

    try:
        previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
        REQUESTED.clear()
