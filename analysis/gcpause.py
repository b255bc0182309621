"""Pause Python's cyclic garbage collector around a batch of work.

The entity layer and the tone scorer build many short-lived small objects (tuples, lists,
dicts) per sentence. Each allocation burst triggers the cyclic collector, which then walks
every tracked object, the loaded models included, although almost nothing here forms a
reference cycle. Pausing it for the length of one batch call removes that cost; objects are
still freed as soon as their last reference goes (reference counting), so memory stays
bounded, and whatever cycles a batch leaves are collected by the next regular collection once
the collector is back on.

Usage, as a context manager or a decorator::

    with gc_paused():
        ...

    @gc_paused()
    def find_actors(...): ...
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

__all__ = ["gc_paused"]


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
            gc.enable()
