"""Pause Python's cyclic garbage collector around a batch of work.

The entity layer and the tone scorer build many short-lived small objects (tuples, lists,
dicts) per sentence. Each allocation burst triggers the cyclic collector, which then walks
every tracked object, the loaded models included, although almost nothing here forms a
reference cycle. Pausing it for the length of one batch call removes that cost; objects are
still freed as soon as their last reference goes (reference counting), so memory stays
bounded.

What a batch keeps (word caches, the tables it returns) would otherwise sit in the youngest
generation when the collector is turned back on, and the next few collections would walk all
of it, only to find it alive. So on the way out the survivors are moved straight to the oldest
generation (``gc.freeze()`` then ``gc.unfreeze()``), which only a full collection walks.
Whatever cycles the batches leave are collected by a full collection run once the objects
moved so reach :data:`FULL_AFTER` (as the collector itself runs one when its oldest
generation has grown by a quarter).

Usage, as a context manager or a decorator::

    with gc_paused():
        ...

    @gc_paused()
    def find_actors(...): ...
"""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

__all__ = ["FULL_AFTER", "gc_paused"]

FULL_AFTER = 400_000
"""Objects moved to the oldest generation by paused blocks after which a full collection
is run (bounds the memory held by cycles left by the batches)."""

_moved = 0
_lock = threading.Lock()


@contextmanager
def gc_paused():
    """Disable the cyclic collector inside the block (or the decorated call), and enable it
    again on the way out only if it was enabled on the way in, so nested blocks and callers
    that turned it off keep their setting. A fresh pause is made for every call, so a
    decorated function may recurse or run in several threads."""
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            _settle()
            gc.enable()


def _settle() -> None:
    """Move the objects the block left in the young generations to the oldest one; run a
    full collection once enough have been moved since the last one."""
    global _moved
    with _lock:
        _moved += gc.get_count()[0]
        gc.freeze()
        gc.unfreeze()
        if _moved >= FULL_AFTER:
            _moved = 0
            gc.collect()
