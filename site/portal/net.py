"""The client's address as the rate limits and lockouts see it.

Behind a reverse proxy (nginx, as the README deploys the portal) ``REMOTE_ADDR`` is the proxy's
own address, and every citizen would share one limit. ``TRUSTED_PROXIES`` (off by default) lists
the proxies' addresses or networks; only when the request comes from one of them is
``X-Forwarded-For`` read, from the right, skipping further trusted hops. A client can write any
``X-Forwarded-For`` it likes, so the header is never read otherwise.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _parse(address: str):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(request) -> str:
    """The address of the client that made ``request``, read through the configured trusted proxies."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks or not _trusted(_parse(remote), networks):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            return remote  # a malformed chain is not believed
        if not _trusted(address, networks):
            return str(address)
    return remote
