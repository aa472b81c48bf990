"""Start and stop the test OpenID Connect provider from a test (see the package docstring)."""

import contextlib
import dataclasses
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[3]


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


@contextlib.contextmanager
def provider_running(folder: Path, *, redirect_uri: str) -> Iterator[Provider]:
    """django-oauth-toolkit's OpenID Connect provider on a free port of 127.0.0.1, for ``redirect_uri``."""
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
        "OP_REDIRECT_URI": redirect_uri,
        "OP_USERNAME": provider.username,
        "OP_PASSWORD": provider.password,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    server_log = folder / "server.log"
    with server_log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.accounts.oidc_op.serve"], cwd=REPO, env=env, stdout=output, stderr=output
        )
        try:
            deadline = time.monotonic() + 90
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"the test OpenID Connect provider stopped: {server_log.read_text()}")
                try:
                    if requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2).ok:
                        break
                except requests.ConnectionError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("the test OpenID Connect provider did not start within 90 s")
                time.sleep(0.2)
            yield provider
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
