"""Fixtures of the account tests: SMS outbox, citizens, an officer, the lockout on, a real OIDC provider."""

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model

from accounts import sms
from accounts.models import CitizenProfile
from accounts.signin.lockout import _known_locks, account_key
from tests.accounts import factories as af
from tests.accounts.oidc_op.runner import provider_running

PASSWORD = "Hoa-sen-nở-2025"


@pytest.fixture(autouse=True)
def _sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def lockout(settings):
    """django-axes on (the test settings turn it off for Client.login()), no lockout remembered."""
    settings.AXES_ENABLED = True
    _known_locks.clear()
    account_key.cache_clear()
    yield settings
    _known_locks.clear()
    account_key.cache_clear()


def citizen_make(*, phone: str | None = "0912345678", email: str | None = None, password: str = PASSWORD):
    """A citizen whose contacts are verified, as after registration."""
    user = get_user_model().objects.create_user(username=f"cd-{phone or email}", email=email or "", password=password)
    CitizenProfile.objects.create(user=user, phone=phone, phone_verified=bool(phone))
    if email:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def citizen(db):
    return citizen_make(phone="0912345678", email="an.nguyen@example.com")


@pytest.fixture
def other_citizen(db):
    return af.citizen_make(phone="0987654321", email="binh@example.vn")


@pytest.fixture
def officer(db):
    user = get_user_model().objects.create_user(
        username="canbo", email="canbo@xa.gov.vn", password=PASSWORD, is_staff=True
    )
    return user


@pytest.fixture(scope="module")
def oidc_provider(tmp_path_factory):
    """The test provider for the portal under Django's test client (http://testserver), per module."""
    folder = tmp_path_factory.mktemp("oidc-op")
    with provider_running(folder, redirect_uri="http://testserver/tai-khoan/oidc/vneid/login/callback/") as provider:
        yield provider
