"""The client address behind trusted proxies (portal.net.client_address)."""

from django.test import RequestFactory

from portal.net import client_address


def _request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.5", "1.2.3.4")) == "203.0.113.5"


def test_from_a_trusted_proxy_the_last_untrusted_hop_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert client_address(_request("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.1.2.3")) == "198.51.100.7"


def test_a_forged_header_from_an_untrusted_address_is_not_believed(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(_request("198.51.100.9", "127.0.0.1")) == "198.51.100.9"


def test_a_malformed_chain_falls_back_to_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(_request("127.0.0.1", "not-an-address")) == "127.0.0.1"
    assert client_address(_request("127.0.0.1", "")) == "127.0.0.1"
