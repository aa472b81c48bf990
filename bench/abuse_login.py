"""Password guessing against the admin and the citizens' sign-in, and what it does to the wizard.

Builds a throw-away site (own SQLite database) from the checkout at ``--root`` (default: this
one), starts gunicorn with 2 sync workers and the production settings on a free port of
127.0.0.1, and measures:

1. guesses per hour per target: 8 parallel guessers post wrong passwords for one account for
   ``--seconds`` seconds, at the Wagtail admin login and at the citizens' login. A guess counts
   when its password was checked (the form answered "wrong password"), not when the lockout or a
   rate limit refused it. Per hour: checked guesses over the time until the account may be tried
   again (the run, plus the lockout still to wait, from Retry-After);
2. whether the right password still signs in right after the flood;
3. the wizard's first page, p50 of ``--samples`` sequential GETs, idle and during each flood.

Each guesser is its own process (not a thread of this one, whose interpreter lock would slow the
wizard's timing itself), run at ``--guesser-nice`` (19 by default): the guessers stand for clients
on other machines, and on a 2-core bench machine their own CPU use would otherwise be counted as
the server's slowness. ``--guesser-nice 0`` measures them at normal priority.

    .venv/bin/python bench/abuse_login.py [--root PATH] [--seconds 20] [--samples 60] [--guesser-nice 19]

For the figures before a change, export the older commit and point --root at it
(``git archive <commit> | tar -x -C /tmp/before``). Nothing leaves 127.0.0.1.
"""

import argparse
import multiprocessing
import os
import re
import secrets
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import requests
from harness import PYTHON, ROOT, bench_env, free_port

PASSWORD = "Dung-mat-khau-2026"
GUESSERS = 8

SETUP = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from accounts.models import CitizenProfile
from tests.factories import procedure_make
from tests.forms.factories import form_page_make
User = get_user_model()
officer = User.objects.create_user(username="canbo", password="{PASSWORD}", is_staff=True)
group = Group.objects.create(name="Một cửa bench")
group.permissions.add(Permission.objects.get(codename="access_admin"))
officer.groups.add(group)
citizen = User.objects.create_user(username="congdan", email="congdan@example.com", password="{PASSWORD}")
CitizenProfile.objects.create(user=citizen, phone="0912345678", phone_verified=True)
try:
    from allauth.account.models import EmailAddress
    EmailAddress.objects.create(user=citizen, email="congdan@example.com", verified=True, primary=True)
except Exception:
    pass
page = form_page_make(procedure=procedure_make(documents=1), slug="bench-dang-nhap")
print(page.url)
"""


def site_env(root: Path, workdir: Path) -> dict[str, str]:
    """The harness's production environment for ``root``, mail kept in memory, no Redis."""
    env = bench_env(
        workdir,
        root=root,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="ERROR",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("REDIS_URL", None)
    return env


def start(root: Path, env: dict[str, str], port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "site/gunicorn.conf.py", "--workers", "2"]
        + ["--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "portal.wsgi"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=30)
            return proc
        except requests.ConnectionError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start within 60 s")


class Browser:
    """Cookies kept by hand (production marks them Secure) and the headers nginx would add for HTTPS."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.session = requests.Session()
        self.headers = {"X-Forwarded-Proto": "https", "Origin": base.replace("http://", "https://")}

    def _keep(self, response):
        for cookie in response.cookies:
            self.cookies[cookie.name] = cookie.value
        return response

    def get(self, path: str):
        response = self.session.get(
            self.base + path, cookies=self.cookies, headers=self.headers, allow_redirects=False, timeout=120
        )
        return self._keep(response)

    def post(self, path: str, data: dict):
        data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        headers = {**self.headers, "Referer": self.base.replace("http://", "https://") + path}
        response = self.session.post(
            self.base + path, data=data, cookies=self.cookies, headers=headers, allow_redirects=False, timeout=120
        )
        return self._keep(response)


# Answers that mean the password was not checked: axes' lockout page (429), allauth's own limits.
REFUSED = re.compile(
    r"Tạm khóa đăng nhập|Tạm khoá đăng nhập|Too many failed login attempts|Đăng nhập sai quá nhiều lần"
)


def flood(base: str, path: str, field: str, login: str, seconds: float, results: dict, stop: threading.Event):
    browser = Browser(base)
    browser.get(path)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not stop.is_set():
        sent = time.perf_counter()
        response = browser.post(path, {field: login, "password": f"sai-{secrets.token_hex(4)}"})
        with results["lock"]:
            results["latencies"].append(time.perf_counter() - sent)
            if response.status_code == 200 and not REFUSED.search(response.text):
                results["checked"] += 1
            else:
                results["refused"] += 1
                retry = response.headers.get("Retry-After")
                if retry and retry.isdigit():
                    results["retry_after"] = int(retry)
            results["statuses"][response.status_code] = results["statuses"].get(response.status_code, 0) + 1


def flood_process(base, path, field, login, seconds, nice, queue):
    """One guesser in its own process, at a low CPU priority; sends its counts back on ``queue``."""
    os.nice(nice)
    results = {"checked": 0, "refused": 0, "retry_after": 0, "statuses": {}, "latencies": [], "lock": threading.Lock()}
    flood(base, path, field, login, seconds, results, threading.Event())
    results.pop("lock")
    queue.put(results)


def wizard_p50(base: str, url: str, samples: int) -> float:
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        response = requests.get(base + url, headers={"X-Forwarded-Proto": "https"}, timeout=120)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings) * 1000


def attack(
    base: str, name: str, path: str, field: str, login: str, wizard: str, seconds: float, samples: int, nice: int
):
    results = {"checked": 0, "refused": 0, "retry_after": 0, "statuses": {}, "latencies": []}
    queue = multiprocessing.Queue()
    guessers = [
        multiprocessing.Process(target=flood_process, args=(base, path, field, login, seconds, nice, queue))
        for _ in range(GUESSERS)
    ]
    started = time.monotonic()
    for guesser in guessers:
        guesser.start()
    time.sleep(min(3, seconds / 4))  # the guessers are all under way
    p50 = wizard_p50(base, wizard, samples)
    for _ in guessers:
        part = queue.get()
        results["checked"] += part["checked"]
        results["refused"] += part["refused"]
        results["retry_after"] = max(results["retry_after"], part["retry_after"])
        results["latencies"] += part["latencies"]
        for status, count in part["statuses"].items():
            results["statuses"][status] = results["statuses"].get(status, 0) + count
    for guesser in guessers:
        guesser.join()
    elapsed = time.monotonic() - started
    window = elapsed + results["retry_after"]
    # The guess that reaches the limit is checked, then answered with the lockout page.
    checked = results["checked"] + (1 if results["retry_after"] else 0)
    per_hour = checked * 3600 / window
    browser = Browser(base)
    browser.get(path)
    right = browser.post(path, {field: login, "password": PASSWORD})
    print(f"{name} ({path}, {GUESSERS} guessers, {elapsed:.0f} s):")
    print(
        f"  passwords checked {checked}, refused {results['refused'] - (checked - results['checked'])} "
        f"(statuses {dict(sorted(results['statuses'].items()))}); next try in {results['retry_after']} s"
    )
    print(f"  answer time per guess: p50 {statistics.median(results['latencies']) * 1000:.0f} ms")
    print(f"  guesses per hour on this account: {per_hour:,.0f}")
    print(
        f"  right password just after: {'signed in' if right.status_code == 302 else f'refused ({right.status_code})'}"
    )
    print(f"  wizard first page p50 during the flood: {p50:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to serve (default: this one)")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--guesser-nice", type=int, default=19, help="CPU priority of the guessers (0: normal)")
    args = parser.parse_args()
    root = args.root.resolve()

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-login-"))
    env = site_env(root, workdir)
    (workdir / "var").mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = None
    try:
        for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)
        wizard = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", SETUP], cwd=root, env=env, check=True, capture_output=True, text=True
        ).stdout.split()[-1]
        server = start(root, env, port)
        citizen_login = "/tai-khoan/dang-nhap/"
        if requests.get(base + citizen_login, timeout=30).status_code == 404:
            citizen_login = "/tai-khoan/login/"  # allauth's own address, before the accounts work
        citizen_id = "0912345678" if citizen_login.endswith("dang-nhap/") else "congdan"

        wizard_p50(base, wizard, 5)  # warm-up
        idle = wizard_p50(base, wizard, args.samples)
        print(f"Checkout {root} (gunicorn, 2 sync workers, production settings, SQLite)")
        print(f"Wizard first page p50 idle: {idle:.0f} ms")
        nice = args.guesser_nice
        print(f"{GUESSERS} guessers, each its own process at nice {nice}")
        attack(base, "Admin login", "/admin/login/", "username", "canbo", wizard, args.seconds, args.samples, nice)
        attack(base, "Citizen login", citizen_login, "login", citizen_id, wizard, args.seconds, args.samples, nice)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
