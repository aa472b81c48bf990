"""Fixtures of the accounts tests: a real OpenID Connect provider in its own process."""

import pytest

from tests.accounts.oidc_op.runner import provider_running


@pytest.fixture(scope="module")
def oidc_provider(tmp_path_factory):
    """The test provider for the portal under Django's test client (http://testserver), per module."""
    folder = tmp_path_factory.mktemp("oidc-op")
    with provider_running(folder, redirect_uri="http://testserver/tai-khoan/oidc/vneid/login/callback/") as provider:
        yield provider
