"""Tracking abuse benchmark: guesses per hour at one address and at one dossier, with worker restarts.

Builds a throw-away site (own SQLite database) with one dossier, starts gunicorn with two sync
workers on a free port of 127.0.0.1 behind a pretend proxy (``TRUSTED_PROXIES=127.0.0.1``, the
client address in ``X-Forwarded-For``, as behind nginx), and runs two guessers at once for
``--seconds``, while the workers are restarted (SIGHUP) every ``--restart-every`` seconds:

1. per address: one client address tries sequential dossier codes with wrong phones on
   /tra-cuu-ho-so/ (dossier codes are sequential and phone numbers are not secret);
2. per target: a new client address for every guess, all at the one dossier: wrong phones on
   /tra-cuu-ho-so/ and, where it exists, on the tracking page's phone check (…/xac-minh/).

A guess counts when the server checked it (any answer but 429). Printed: guesses checked and
guesses per hour (checked × 3600 / seconds). Where limits hold, the guesses come in bursts at the
start of each fixed window, so a run shorter than an hour overstates the hourly figure (a 600 s
run that straddles two 10-minute windows gets two bursts). ``--compress K`` divides the limits'
windows by K (FORMS_TRACKING_RATE_WINDOW, FORMS_TRACKING_TARGET_WINDOW) and reports guesses per
simulated hour (checked × 3600 / (seconds × K)): ``--seconds 360 --compress 10`` plays a whole hour
of windows. It is meaningful only for code whose limits hold; run main's code (the "before"
figure, bound by the server's speed) without it. Goal (issue #16): under 100 an hour per address
and per target.

    .venv/bin/python bench/abuse_tracking.py [--seconds 600] [--restart-every 20] [--redis-url URL] [--compress K]

Nothing leaves 127.0.0.1.
"""

import argparse
import itertools
import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from harness import PYTHON, ROOT, bench_env, free_port, start_gunicorn
from submission import Browser

SETUP = """
from tests.factories import home_page_make
from tests.forms.factories import dossier_make
home_page_make()
dossier = dossier_make()
print(dossier.code, dossier.access_token)
"""


class Guesser(threading.Thread):
    """Posts guesses until ``stop`` is set; counts what the server checked and what it refused."""

    def __init__(self, base: str, guesses, stop: threading.Event):
        super().__init__(daemon=True)
        self.browser = Browser(base)
        self.guesses = guesses
        self.stop = stop
        self.checked = 0
        self.refused = 0
        self.errors = 0
        self.statuses: dict[int, int] = {}

    def run(self) -> None:
        for path, data, address in self.guesses:
            if self.stop.is_set():
                return
            if "csrftoken" not in self.browser.cookies:
                try:
                    self.browser.get("/tra-cuu-ho-so/")
                except OSError:
                    self.errors += 1
                    time.sleep(0.2)
                    continue
            self.browser.headers["X-Forwarded-For"] = address
            try:
                status = self.browser.post(path, data).status_code
            except OSError:  # a worker restarting under the request
                self.errors += 1
                time.sleep(0.05)
                continue
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 429:
                self.refused += 1
            elif status in (302, 400, 403, 404):
                self.checked += 1
            else:
                self.errors += 1


def wrong_phone(rng: random.Random) -> str:
    return f"09{rng.randrange(10**8):08d}"


def per_address_guesses(code: str, rng: random.Random):
    prefix, day, _ = code.split("-")
    for number in itertools.count(1):
        yield "/tra-cuu-ho-so/", {"code": f"{prefix}-{day}-{number:04d}", "phone": wrong_phone(rng)}, "203.0.113.7"


def per_target_guesses(code: str, token: str, rng: random.Random, *, gate: bool):
    for number in itertools.count(1):
        address = f"198.{18 + number // 65536 % 2}.{number // 256 % 256}.{number % 256}"
        if gate and number % 2:
            yield f"/tra-cuu-ho-so/{token}/xac-minh/", {"phone": wrong_phone(rng)}, address
        else:
            yield "/tra-cuu-ho-so/", {"code": code, "phone": wrong_phone(rng)}, address


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--restart-every", type=float, default=20.0)
    parser.add_argument("--redis-url", default="", help="keep the caches (and limits) in this Redis")
    parser.add_argument("--compress", type=float, default=1.0, help="divide the limits' windows by this")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-abuse-"))
    extra = {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "TRUSTED_PROXIES": "127.0.0.1"}
    if args.redis_url:
        extra["REDIS_URL"] = args.redis_url
    if args.compress != 1:
        extra["FORMS_TRACKING_RATE_WINDOW"] = str(round(600 / args.compress))
        extra["FORMS_TRACKING_TARGET_WINDOW"] = str(round(3600 / args.compress))
    env = bench_env(workdir, **extra)
    if not args.redis_url:
        env.pop("REDIS_URL", None)
    (workdir / "var").mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = None
    try:
        run = {"cwd": ROOT, "env": env, "check": True}
        subprocess.run([PYTHON, "manage.py", "migrate", "--no-input"], stdout=subprocess.DEVNULL, **run)
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input"], stdout=subprocess.DEVNULL, **run)
        out = subprocess.run([PYTHON, "manage.py", "shell", "-c", SETUP], capture_output=True, text=True, **run)
        code, token = out.stdout.split()[-2:]
        server = start_gunicorn(env, port, workers=2)
        # The phone check answers GET with 405 (POST only) where it exists, 404 on older code.
        gate = Browser(base).get(f"/tra-cuu-ho-so/{token}/xac-minh/").status_code != 404

        rng = random.Random(16)
        stop = threading.Event()
        by_address = Guesser(base, per_address_guesses(code, rng), stop)
        by_target = Guesser(base, per_target_guesses(code, token, rng, gate=gate), stop)
        started = time.monotonic()
        by_address.start()
        by_target.start()
        restarts = 0
        while time.monotonic() - started < args.seconds:
            time.sleep(min(args.restart_every, args.seconds - (time.monotonic() - started)))
            if time.monotonic() - started < args.seconds:
                server.send_signal(signal.SIGHUP)  # gunicorn replaces its workers
                restarts += 1
        stop.set()
        elapsed = time.monotonic() - started
        by_address.join(timeout=30)
        by_target.join(timeout=30)

        store = "Redis" if args.redis_url else "no Redis"
        compressed = f", windows ÷{args.compress:g}: per simulated hour" if args.compress != 1 else ""
        print(f"Tracking guesses over {elapsed:.0f} s (gunicorn, 2 workers, {restarts} restarts, {store}{compressed}):")
        for name, guesser in (
            ("per address (one client, sequential codes)", by_address),
            ("per target (one dossier, a new address each guess)", by_target),
        ):
            per_hour = guesser.checked * 3600 / (elapsed * args.compress)
            print(
                f"  {name}: {guesser.checked} checked, {guesser.refused} refused (429), "
                f"{guesser.errors} errors → {per_hour:.0f} guesses/hour; "
                f"statuses {dict(sorted(guesser.statuses.items()))}"
            )
        print(f"  (phone check page {'present' if gate else 'absent'}; goal under 100 an hour)")
    finally:
        if server:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:  # a worker stuck in a request while restarting
                server.kill()
                server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
