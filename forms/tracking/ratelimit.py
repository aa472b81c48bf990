"""A small fixed-window rate limit on Django's cache (local memory by default, Redis when set)."""

from django.conf import settings
from django.core.cache import cache

from portal.net import client_address


def client_key(request) -> str:
    return client_address(request)


def rate_limit_hit(request, *, scope: str) -> bool:
    """Count one attempt for this client; return True when it goes over the allowed number."""
    limit = settings.FORMS_TRACKING_RATE_LIMIT
    window = settings.FORMS_TRACKING_RATE_WINDOW
    key = f"forms:ratelimit:{scope}:{client_key(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
