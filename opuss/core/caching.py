"""Blocks many people read and few change — a pupil's AS panel, the latest articles for a
territory, an AS home's figures, the territories' choices — computed once and kept for a short
while, or until a change renews one of their generations (issue #14).

A block's key names the generations it depends on ("as:12", "content"...): renewing one forgets
every block made before, on every app server when they share Redis (CACHE_URL), without
listing keys. Whatever is cached is also bounded in time: a change nobody renews (a publication
date reached, a bulk update) shows within `seconds`."""

from collections.abc import Callable, Iterable
from typing import TypeVar
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")


def kept(generations: Iterable[str], key: str, read: Callable[[], T], seconds: int) -> T:
    """`read()`, kept `seconds` under `key` for the current `generations`."""
    return cache.get_or_set(f"{key}@{_current(list(generations))}", read, seconds)


def renew(*generations: str) -> None:
    """Forgets every block kept under these generations."""
    cache.set_many({_key(name): uuid4().hex for name in generations}, timeout=None)


def forget(*generations: str) -> None:
    """`renew` after a change: now, and again at the commit, for a page read in between may
    have kept the state before."""
    renew(*generations)
    transaction.on_commit(lambda: renew(*generations))


def _current(names: list[str]) -> str:
    found = cache.get_many([_key(name) for name in names])
    missing = {_key(name): uuid4().hex for name in names if _key(name) not in found}
    if missing:
        cache.set_many(missing, timeout=None)
        found |= missing
    return ".".join(found[_key(name)] for name in names)


def _key(name: str) -> str:
    return f"generation:{name}"
