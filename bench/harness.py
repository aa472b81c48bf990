"""What the benchmarks share: a free loopback port and the environment of a throw-away production-like site."""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(workdir: Path, *, root: Path = ROOT, **extra: str) -> dict[str, str]:
    """Production settings over plain HTTP on loopback, with every file and database under ``workdir``.

    ``root`` is the checkout served (another one for the figures before a change).
    """
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
        PYTHONPATH=f"{root}:{root / 'site'}",
    )
    env.update(extra)
    env.pop("DATABASE_URL", None)
    return env


def start_gunicorn(env: dict[str, str], port: int, *, workers: int) -> subprocess.Popen:
    """Start gunicorn as in production on 127.0.0.1:``port`` and return once it answers HTTP."""
    proc = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "site/gunicorn.conf.py", "--workers", str(workers)]
        + ["--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "portal.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", "/", headers={"Host": "127.0.0.1"})
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.2)
        finally:
            conn.close()
    proc.kill()
    raise SystemExit("gunicorn did not start within 60 s")
