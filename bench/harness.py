"""What the benchmarks share: a free loopback port and the environment of a throw-away production-like site."""

import os
import secrets
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(workdir: Path, **extra: str) -> dict[str, str]:
    """Production settings over plain HTTP on loopback, with every file and database under ``workdir``."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        PORTAL_VAR_DIR=str(workdir / "var"),
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "var" / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "var" / "private"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=f"{ROOT}:{ROOT / 'site'}",
    )
    env.update(extra)
    env.pop("DATABASE_URL", None)
    return env
