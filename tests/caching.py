"""Test helpers for caches: emptying every alias, as a cold start has them."""

from django.core.cache import caches


def caches_clear() -> None:
    """Empty every cache alias of ``CACHES``: the page cache and its generation token included.

    ``django.core.cache.cache.clear()`` empties only the default alias, so a request measured after
    it was still a page-cache hit (issue 19: a query budget then measured 0 queries).
    """
    for cache in caches.all(initialized_only=False):
        cache.clear()


def page_cache_entries() -> int:
    """How many entries the page cache holds (its generation token included), in memory or in Redis."""
    backend = caches["pages"]
    if hasattr(backend._cache, "get_client"):  # django.core.cache.backends.redis (CI's Redis pass)
        return len(backend._cache.get_client().keys(f"{backend.key_prefix}:*"))
    return len(backend._cache)
