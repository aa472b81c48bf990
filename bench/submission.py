"""Submission benchmark: the HTTP wizard behind gunicorn with the production settings.

Builds a throw-away site (own SQLite database and private folder), starts gunicorn with one
sync worker on a free port of 127.0.0.1, and measures:

1. the time per complete submission through the wizard (every step's POST and the GET it redirects
   to, post/redirect/get; three 2 MB PDF attachments; the confirmation page), over ``--submissions`` runs;
2. the worker's peak resident memory (VmHWM) before and after receiving a 50 MB dossier
   (five 10 MB files in one POST of the documents step, then the final submit).

    .venv/bin/python bench/submission.py [--submissions 10]

The run is bounded by the submission count; nothing leaves 127.0.0.1.
"""

import argparse
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import requests
from harness import PYTHON, ROOT, bench_env, free_port, start_gunicorn

MB = 1024 * 1024

SETUP = """
from tests.factories import procedure_make
from tests.forms.factories import form_page_make
small = form_page_make(procedure=procedure_make(documents=3), slug="ba-tep")
big = form_page_make(procedure=procedure_make(documents=5), slug="nam-muoi-mb")
print(small.url, big.url)
"""


class Browser:
    """A minimal client for the wizard: cookies kept by hand (production marks them Secure) and
    the proxy header that tells Django the request came over HTTPS, as behind nginx."""

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
        response = self.session.get(self.base + path, cookies=self.cookies, headers=self.headers, allow_redirects=False)
        return self._keep(response)

    def post(self, path: str, data: dict, files: dict | None = None):
        data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        headers = {**self.headers, "Referer": self.base.replace("http://", "https://") + path}
        response = self.session.post(
            self.base + path, data=data, files=files, cookies=self.cookies, headers=headers, allow_redirects=False
        )
        return self._keep(response)


def step(html: str) -> str:
    match = re.search(r'name="page-\d+-current_step" value="([^"]+)"', html)
    return match.group(1) if match else ""


def pdf(size: int) -> bytes:
    head = b"%PDF-1.4\n%bench\n"
    return head + b"0" * (size - len(head))


def submit(base: str, path: str, file_sizes: list[int]) -> tuple[float, Browser]:
    """One complete submission; returns the elapsed seconds."""
    browser = Browser(base)
    started = time.perf_counter()
    html = browser.get(path).text
    prefix = re.search(r'name="(page-\d+)-current_step"', html).group(1)

    def post(current: str, data: dict, files=None) -> str:
        """Post a step; follow the wizard's redirect to the next step (post/redirect/get)."""
        response = browser.post(path, {f"{prefix}-current_step": current, **data}, files)
        response.raise_for_status()
        assert response.status_code == 302, f"step {current} answered {response.status_code}, not a redirect"
        location = response.headers["Location"]
        if location.endswith("/da-nop/"):
            return location
        page = browser.get(location.removeprefix(base))
        page.raise_for_status()
        return page.text

    html = post(
        "nguoi-nop",
        {
            "nguoi-nop-full_name": "Nguyễn Văn An",
            "nguoi-nop-id_number": "001090012345",
            "nguoi-nop-date_of_birth": "1990-05-01",
            "nguoi-nop-phone": "0912345678",
            "nguoi-nop-address_0": "1",
            "nguoi-nop-address_1": "70",
            "nguoi-nop-address_2": "Số 1 Tràng Tiền",
            "nguoi-nop-applying_for": "self",
        },
    )
    assert step(html) == "khai-1", "applicant step refused"
    html = post(
        "khai-1",
        {
            "khai-1-child_name": "Nguyễn Thị Bình",
            "khai-1-child_birth_date": "2026-11-01",
            "khai-1-child_sex": "nu",
            "khai-1-has_father": "khong",
        },
    )
    slots = re.findall(r'name="giay-to-(doc_\d+)"', html)
    files = {
        f"giay-to-{slot}": (f"tep-{index}.pdf", pdf(size), "application/pdf")
        for index, (slot, size) in enumerate(zip(slots, file_sizes, strict=True))
    }
    html = post("giay-to", {"giay-to-channel": "online"}, files)
    assert step(html) == "nhan-ket-qua", "documents step refused"
    html = post("nhan-ket-qua", {"nhan-ket-qua-method": "counter", "nhan-ket-qua-extra_copies": "0"})
    html = post("kiem-tra", {})
    location = post("cam-doan", {"cam-doan-agree": "on"})
    assert location.endswith("/da-nop/"), "submission refused"
    assert browser.get(location).status_code == 200
    return time.perf_counter() - started, browser


def worker_pid(master: int) -> int:
    for _ in range(50):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn worker did not start")


def memory_kib(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            fields[key] = int(value.split()[0])
    return fields


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=10)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-submission-"))
    env = bench_env(workdir, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    (workdir / "var").mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = None
    try:
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--no-input"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--no-input"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        urls = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout.split()
        small_url, big_url = urls[-2], urls[-1]
        server = start_gunicorn(env, port, workers=1)
        pid = worker_pid(server.pid)

        submit(base, small_url, [2 * MB] * 3)  # warm-up: imports, template and font caches
        timings = [submit(base, small_url, [2 * MB] * 3)[0] for _ in range(args.submissions)]
        before = memory_kib(pid)
        big_time, _ = submit(base, big_url, [10 * MB - 4096] * 5)
        after = memory_kib(pid)

        print(f"Complete submission, 3 × 2 MB attachments, {args.submissions} runs (gunicorn, 1 sync worker):")
        print(
            f"  mean {statistics.mean(timings) * 1000:.0f} ms, median {statistics.median(timings) * 1000:.0f} ms, "
            f"max {max(timings) * 1000:.0f} ms"
        )
        print(f"50 MB dossier (5 × 10 MB) submitted in {big_time:.2f} s")
        print(
            f"  worker peak RSS before: {before['VmHWM'] / 1024:.1f} MiB; after: {after['VmHWM'] / 1024:.1f} MiB "
            f"(+{(after['VmHWM'] - before['VmHWM']) / 1024:.1f} MiB)"
        )
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
