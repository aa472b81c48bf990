"""Single sign-on benchmark: the whole OpenID Connect code flow against a real provider, as in production.

Starts the test provider (django-oauth-toolkit, tests/accounts/oidc_op) on 127.0.0.1 and the portal
behind gunicorn (2 workers, production settings, OIDC_* set, own SQLite database), then signs one
citizen in N times as a browser would: the portal's button (GET, POST), the provider's sign-in page,
and back to the portal's callback, where the portal exchanges the code (PKCE) and reads the claims.
Prints the first sign-in (the account is created) and p50/p95 of the later ones (the profile is
refreshed), the callback alone (the portal's server-to-server part), and the profile page.

    .venv/bin/python bench/sso.py [--signins 30] [--portal-root PATH]

``--portal-root`` runs another checkout's portal (e.g. main, for "before") with this one's provider.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from harness import PYTHON, ROOT, bench_env, free_port

sys.path.insert(0, str(ROOT))

from tests.accounts.oidc_op.runner import provider_running

CLAIMS = {
    "name": "Nguyễn Thị Hồng Nhung",
    "identity_number": "060185001234",
    "birthdate": "1985-03-25",
    "address": {"street_address": "Thôn 2", "locality": "xã Hàm Chính", "region": "tỉnh Lâm Đồng"},
}


class NoSingleSignOn(Exception):
    """The portal under test has no single sign-on (main before this work)."""


class Browser(requests.Session):
    """Sends the production settings' Secure cookies over plain HTTP on loopback, as a browser would over TLS."""

    def request(self, *args, **kwargs):
        for cookie in self.cookies:
            cookie.secure = False
        return super().request(*args, **kwargs)


def sign_in(portal: str, provider) -> tuple[float, float, requests.Session]:
    """One sign-in in a fresh browser: (whole round trip s, portal callback s, the signed-in session)."""
    browser = Browser()
    started = time.perf_counter()
    confirm = browser.get(f"{portal}/tai-khoan/oidc/vneid/login/", timeout=30)
    if confirm.status_code != 200:
        raise NoSingleSignOn(f"no single sign-on ({confirm.status_code} at /tai-khoan/oidc/vneid/login/)")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirm.text).group(1)
    response = browser.post(
        f"{portal}/tai-khoan/oidc/vneid/login/", data={"csrfmiddlewaretoken": token}, allow_redirects=False
    )
    if response.status_code != 302:
        raise RuntimeError(f"the button's POST answered {response.status_code}: {response.text[:300]}")
    url = response.headers["Location"]
    while not url.startswith(portal):
        response = browser.get(url, allow_redirects=False, timeout=30)
        if response.status_code == 200:  # the provider's sign-in page
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
            next_url = re.search(r'name="next" value="([^"]*)"', response.text).group(1).replace("&amp;", "&")
            data = {"csrfmiddlewaretoken": csrf, "username": provider.username, "password": provider.password}
            response = browser.post(url, data={**data, "next": next_url}, allow_redirects=False, timeout=30)
        url = requests.compat.urljoin(url, response.headers["Location"])
    callback_started = time.perf_counter()
    response = browser.get(url, allow_redirects=False, timeout=30)
    finished = time.perf_counter()
    if response.status_code != 302 or response.headers["Location"] != "/tai-khoan/":
        raise RuntimeError(
            f"sign-in failed: {response.status_code} {response.headers.get('Location')}; "
            f"token requests at the provider: {len(provider.recorded('token'))}"
        )
    return finished - started, finished - callback_started, browser


def ms(values: list[float], q: float) -> str:
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signins", type=int, default=30)
    parser.add_argument("--portal-root", type=Path, default=ROOT)
    args = parser.parse_args()
    portal_root = args.portal_root.resolve()

    workdir = Path(tempfile.mkdtemp(prefix="bench-sso-"))
    port = free_port()
    # "localhost", not 127.0.0.1 like the provider: cookies ignore ports, and both have a "sessionid".
    portal = f"http://localhost:{port}"
    try:
        with provider_running(workdir, redirect_uri=f"{portal}/tai-khoan/oidc/vneid/login/callback/") as provider:
            provider.set_claims(CLAIMS)
            env = bench_env(
                workdir,
                OIDC_ISSUER=provider.issuer,
                OIDC_CLIENT_ID=provider.client_id,
                OIDC_CLIENT_SECRET=provider.client_secret,
                OIDC_ACR_VALUES="urn:vneid:loa:2",
                PYTHONPATH=f"{portal_root}:{portal_root / 'site'}",
            )
            for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
                subprocess.run(
                    [PYTHON, "manage.py", *command], cwd=portal_root, env=env, check=True, stdout=subprocess.DEVNULL
                )
            gunicorn = start_gunicorn_at(portal_root, env, port)
            try:
                print(f"portal {portal_root} on {portal}, provider {provider.issuer}")
                try:
                    first, first_callback, browser = sign_in(portal, provider)
                except NoSingleSignOn as missing:
                    print(f"single sign-on: not available: {missing}")
                    return
                rounds, callbacks = [], []
                for _ in range(args.signins):
                    total, callback, browser = sign_in(portal, provider)
                    rounds.append(total)
                    callbacks.append(callback)
                profile = []
                for _ in range(args.signins):
                    started = time.perf_counter()
                    page = browser.get(f"{portal}/tai-khoan/thong-tin/", timeout=30)
                    profile.append(time.perf_counter() - started)
                    assert page.status_code == 200 and "060185001234" in page.text
                print(
                    f"first sign-in (account created): {first * 1000:.0f} ms, callback {first_callback * 1000:.0f} ms"
                )
                print(
                    f"later sign-ins (n={len(rounds)}): round trip p50 {ms(rounds, 0.5)} p95 {ms(rounds, 0.95)}; "
                    f"portal callback p50 {ms(callbacks, 0.5)} p95 {ms(callbacks, 0.95)}"
                )
                print(f"profile page (n={len(profile)}): p50 {ms(profile, 0.5)} p95 {ms(profile, 0.95)}")
                authorizations = provider.recorded("authorize")
                with_pkce = sum(1 for a in authorizations if a.get("code_challenge_method") == "S256")
                with_acr = sum(1 for a in authorizations if a.get("acr_values") == "urn:vneid:loa:2")
                print(f"authorization requests: {len(authorizations)}, PKCE S256: {with_pkce}, acr_values: {with_acr}")
            finally:
                gunicorn.terminate()
                gunicorn.wait(timeout=30)
    except Exception:
        log = workdir / "gunicorn.log"
        if log.exists():
            print(log.read_text()[-3000:], file=sys.stderr)
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def start_gunicorn_at(portal_root: Path, env: dict[str, str], port: int) -> subprocess.Popen:
    """``harness.start_gunicorn`` for any checkout's portal (``--portal-root``), its errors in gunicorn.log."""
    proc = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "site/gunicorn.conf.py", "--workers", "2"]
        + ["--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "portal.wsgi"],
        cwd=portal_root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(Path(env["PORTAL_VAR_DIR"]).parent / "gunicorn.log").open("w"),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=30)
            return proc
        except requests.RequestException:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start within 60 s")


if __name__ == "__main__":
    main()
