"""Fixtures of the account tests: SMS outbox, citizens, an officer, the lockout on, a real OIDC provider."""

import dataclasses
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model

from accounts import sms
from accounts.lockout import _known_locks
from accounts.models import CitizenProfile
from tests.accounts import factories as af

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
    yield settings
    _known_locks.clear()


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


REPO = Path(__file__).resolve().parents[2]


@dataclasses.dataclass
class Provider:
    """The running test provider: where it is, how to sign in there, and what it recorded."""

    issuer: str
    client_id: str
    client_secret: str
    username: str
    password: str
    claims_file: Path
    log_file: Path

    def set_claims(self, claims: dict) -> None:
        self.claims_file.write_text(json.dumps(claims, ensure_ascii=False), encoding="utf-8")

    def recorded(self, endpoint: str) -> list[dict]:
        if not self.log_file.exists():
            return []
        entries = [json.loads(line) for line in self.log_file.read_text(encoding="utf-8").splitlines()]
        return [entry["params"] for entry in entries if entry["endpoint"] == endpoint]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def oidc_provider(tmp_path_factory):
    """django-oauth-toolkit's OpenID Connect provider on 127.0.0.1, stopped after the module."""
    folder = tmp_path_factory.mktemp("oidc-op")
    port = _free_port()
    provider = Provider(
        issuer=f"http://127.0.0.1:{port}/o",
        client_id="cong-dvc-xa",
        client_secret="bi-mat-cua-cong-dvc-xa-0123456789",
        username="079085001234",
        password="mat-khau-vneid-thu-nghiem",
        claims_file=folder / "claims.json",
        log_file=folder / "requests.jsonl",
    )
    provider.set_claims({})
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "OP_PORT": str(port),
        "OP_DB": str(folder / "op.sqlite3"),
        "OP_LOG": str(provider.log_file),
        "OP_CLAIMS_FILE": str(provider.claims_file),
        "OP_CLIENT_ID": provider.client_id,
        "OP_CLIENT_SECRET": provider.client_secret,
        "OP_REDIRECT_URI": "http://testserver/tai-khoan/oidc/vneid/login/callback/",
        "OP_USERNAME": provider.username,
        "OP_PASSWORD": provider.password,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    output = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.accounts.oidc_op.serve"], cwd=REPO, env=env, stdout=output, stderr=output
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"the test OpenID Connect provider stopped: {(folder / 'server.log').read_text()}")
            try:
                if requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the test OpenID Connect provider did not start within 60 s")
            time.sleep(0.2)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        output.close()
