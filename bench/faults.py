"""Fault benchmark: orphan files and error answers when the disk fills, a worker dies or clicks pile up.

Builds a throw-away site (own SQLite database; the private folder on its own small tmpfs), starts
gunicorn with 2 sync workers on a free port of 127.0.0.1, and runs, with the production settings:

A. disk full during the final copy (tmpfs of 6 MiB, three 1.5 MB files already in the draft, sent
   one per request so that none is spooled to a temporary file): the
   answer to "Nộp hồ sơ" and to two retries, the draft kept or not, then the answer once there is
   room again;
B. worker killed mid-upload (an 8 MB file, SIGKILL while the body is half sent): Django's
   temporary upload files left behind;
C. worker killed during the final copy (three 9.5 MB files; SIGKILL as soon as the first copy
   appears): the answer to the retry;
D. eight simultaneous clicks on "Nộp hồ sơ" for one draft, over ``--rounds`` drafts: answers,
   how many were the confirmation page, dossiers created;
E. the database locked longer than the busy timeout (another process holds SQLite's write lock
   for 25 s) during the documents step: the answer and its Retry-After.

F. (``--postgres``) PostgreSQL stopped under a running site (its own cluster on a free port):
   the answers of the JSON API and of a page.

After each case it counts orphan files: files under the private folder (and Django's upload
temporary files, in TMPDIR or FILE_UPLOAD_TEMP_DIR) that no row names. At the end it runs the
sweep (``sweep_files --grace-hours 0``, where the code has it) and counts them again.

Needs root (mounts a tmpfs). Before/after: run it on an export of main's code and on this branch:

    git archive <main> | tar -x -C /tmp/main-code
    .venv/bin/python bench/faults.py --code /tmp/main-code
    .venv/bin/python bench/faults.py

Nothing leaves 127.0.0.1.
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import requests
from harness import PYTHON, ROOT, bench_env, free_port
from submission import Browser, pdf, step

MB = 1024 * 1024
TEMP_RE = re.compile(r"^tmp\w+\.upload")

SETUP = """
from tests.factories import procedure_make
from tests.forms.factories import form_page_make
page = form_page_make(procedure=procedure_make(documents=3), slug="ba-tep")
print(page.url)
"""

APPLICANT = {
    "nguoi-nop-full_name": "Nguyễn Văn An",
    "nguoi-nop-id_number": "001090012345",
    "nguoi-nop-date_of_birth": "1990-05-01",
    "nguoi-nop-phone": "0912345678",
    "nguoi-nop-address_0": "1",
    "nguoi-nop-address_1": "70",
    "nguoi-nop-address_2": "Số 1 Tràng Tiền",
    "nguoi-nop-applying_for": "self",
}
CHILD = {
    "khai-1-child_name": "Nguyễn Thị Bình",
    "khai-1-child_birth_date": "2026-11-01",
    "khai-1-child_sex": "nu",
    "khai-1-has_father": "khong",
}


class Site:
    """The throw-away site: paths, the database, gunicorn."""

    def __init__(self, code: Path, workdir: Path):
        self.code = code
        self.workdir = workdir
        self.private = workdir / "private"
        self.tmp = workdir / "tmp"
        self.db = workdir / "var" / "portal.sqlite3"
        self.env = bench_env(
            workdir,
            PRIVATE_MEDIA_ROOT=str(self.private),
            TMPDIR=str(self.tmp),
            PYTHONPATH=f"{code}:{code / 'site'}",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server: subprocess.Popen | None = None

    def manage(self, *args: str, capture: bool = False) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=self.code,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout if capture else ""

    def start(self) -> None:
        self.server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "site/gunicorn.conf.py", "--workers", "2"]
            + ["--bind", f"127.0.0.1:{self.port}", "--access-logfile", "/dev/null", "portal.wsgi"],
            cwd=self.code,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/tra-cuu/", timeout=30).status_code < 500 and len(self.workers()) == 2:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not answer within 60 s")

    def workers(self) -> list[int]:
        pid = self.server.pid
        try:
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except FileNotFoundError:
            return []

    def kill_workers(self) -> None:
        for pid in self.workers():
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        self.wait_ready()

    def stop(self) -> None:
        if self.server:
            self.server.terminate()
            self.server.wait(timeout=20)

    def query(self, sql: str) -> list[tuple]:
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=30) as connection:
            return connection.execute(sql).fetchall()

    def dossiers(self) -> int:
        return self.query("SELECT COUNT(*) FROM forms_dossier")[0][0]

    def drafts(self) -> int:
        return self.query("SELECT COUNT(*) FROM forms_draft")[0][0]

    def orphans(self) -> str:
        """Files no row names: in the dossier and draft folders, in pending/, Django's upload temporary files."""
        named = {name for (name,) in self.query("SELECT file FROM forms_dossierattachment")}
        named |= {name for (name,) in self.query("SELECT file FROM forms_draftfile")}
        basenames = {os.path.basename(name) for name in named}
        folders = pending = temps = 0
        for path in self.private.rglob("*"):
            if not path.is_file():
                continue
            name = path.relative_to(self.private).as_posix()
            if TEMP_RE.match(path.name):
                temps += 1
            elif name.startswith("pending/"):
                pending += path.name not in basenames
            elif name not in named:
                folders += 1
        temps += sum(1 for path in self.tmp.glob("*") if TEMP_RE.match(path.name))
        return (
            f"orphan files: {folders} in the dossier and draft folders, {pending} in pending/, "
            f"{temps} upload temporary files"
        )


def wizard_to(site: Site, url: str, last: str, sizes: list[int], *, one_by_one: bool = False) -> Browser:
    """A citizen's browser through the wizard up to (and including) step ``last``."""
    browser = Browser(site.base)
    html = browser.get(url).text
    browser.prefix = re.search(r'name="(page-\d+)-current_step"', html).group(1)
    browser.url = url

    def post(current: str, data: dict, files=None) -> str:
        response = browser.post(url, {f"{browser.prefix}-current_step": current, **data}, files)
        assert response.status_code == 302, f"step {current} answered {response.status_code}"
        return browser.get(response.headers["Location"].removeprefix(site.base)).text

    html = post("nguoi-nop", APPLICANT)
    html = post("khai-1", CHILD)
    browser.slots = re.findall(r'name="giay-to-(doc_\d+)"', html)
    if last == "khai-1":
        return browser
    files = {
        f"giay-to-{slot}": (f"tep-{i}.pdf", pdf(size), "application/pdf")
        for i, (slot, size) in enumerate(zip(browser.slots, sizes, strict=True))
    }
    if one_by_one:  # each request under FILE_UPLOAD_MAX_MEMORY_SIZE: no temporary upload file
        for key, value in files.items():
            html = post("giay-to", {"giay-to-channel": "online"}, {key: value})
    else:
        html = post("giay-to", {"giay-to-channel": "online"}, files)
    assert step(html) == "nhan-ket-qua"
    post("nhan-ket-qua", {"nhan-ket-qua-method": "counter", "nhan-ket-qua-extra_copies": "0"})
    post("kiem-tra", {})
    return browser


def submit_click(browser: Browser) -> requests.Response:
    return browser.post(browser.url, {f"{browser.prefix}-current_step": "cam-doan", "cam-doan-agree": "on"})


def answer(response: requests.Response) -> str:
    text = str(response.status_code)
    if "Retry-After" in response.headers:
        text += f" (Retry-After {response.headers['Retry-After']})"
    return text


def case_disk_full(site: Site, url: str) -> None:
    browser = wizard_to(site, url, "kiem-tra", [int(1.5 * MB)] * 3, one_by_one=True)
    answers = [answer(submit_click(browser)) for _ in range(3)]
    kept = site.drafts()
    orphans = site.orphans()
    subprocess.run(["mount", "-o", "remount,size=256m", str(site.private)], check=True)
    after = submit_click(browser)
    print("A. Disk full during the final copy (tmpfs 6 MiB):")
    print(f"   'Nộp hồ sơ' and two retries: {', '.join(answers)}; draft kept: {'yes' if kept else 'no'}")
    print(f"   {orphans}")
    print(f"   with room again: {answer(after)}; dossiers: {site.dossiers()}")


def multipart(fields: dict[str, str], file_field: str, size: int) -> tuple[str, bytes]:
    boundary = secrets.token_hex(16)
    parts = []
    for key, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="lon.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
    )
    parts.append(pdf(size))
    parts.append(f"\r\n--{boundary}--\r\n".encode())
    return boundary, b"".join(parts)


def temp_files(site: Site) -> list[Path]:
    folders = [site.tmp, site.private / "upload-tmp"]
    return [p for folder in folders if folder.is_dir() for p in folder.iterdir() if TEMP_RE.match(p.name)]


def case_killed_upload(site: Site, url: str) -> None:
    browser = wizard_to(site, url, "khai-1", [])
    before = len(temp_files(site))
    fields = {
        "csrfmiddlewaretoken": browser.cookies.get("csrftoken", ""),
        f"{browser.prefix}-current_step": "giay-to",
        "giay-to-channel": "online",
    }
    boundary, body = multipart(fields, f"giay-to-{browser.slots[0]}", 8 * MB)
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=60)
    connection.putrequest("POST", url)
    headers = {
        **browser.headers,
        "Referer": site.base.replace("http://", "https://") + url,
        "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Content-Length": str(len(body)),
    }
    for key, value in headers.items():
        connection.putheader(key, value)
    connection.endheaders()
    connection.send(body[: 6 * MB])
    deadline = time.monotonic() + 10
    while len(temp_files(site)) <= before and time.monotonic() < deadline:
        time.sleep(0.01)
    spooled = len(temp_files(site)) > before
    site.kill_workers()
    connection.close()
    orphans = site.orphans()
    print("B. Worker killed mid-upload (8 MB file, 6 MB sent):")
    print(f"   temporary file seen before the kill: {'yes' if spooled else 'no'}")
    print(f"   {orphans}")


def private_files(site: Site) -> set[str]:
    return {p.relative_to(site.private).as_posix() for p in site.private.rglob("*") if p.is_file()}


def case_killed_copy(site: Site, url: str) -> None:
    browser = wizard_to(site, url, "kiem-tra", [int(9.5 * MB)] * 3)
    dossiers = site.dossiers()
    before = private_files(site)
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("r", _quiet(submit_click, browser)))
    thread.start()
    deadline = time.monotonic() + 20
    caught = False
    while time.monotonic() < deadline and thread.is_alive():
        new = [name for name in private_files(site) - before if name.startswith(("dossiers/", "pending/"))]
        if new:
            caught = True
            break
        time.sleep(0.001)
    site.kill_workers()
    thread.join()
    mid_copy = caught and site.dossiers() == dossiers
    orphans = site.orphans()
    retry = submit_click(browser)
    print("C. Worker killed during the final copy (3 × 9.5 MB):")
    print(f"   killed mid-copy (no dossier committed): {'yes' if mid_copy else 'no'}")
    print(f"   {orphans}")
    print(f"   retry: {answer(retry)}; dossiers created: {site.dossiers() - dossiers}")


def _quiet(function, *args):
    try:
        return function(*args)
    except requests.RequestException as error:
        return error


def case_duplicate_clicks(site: Site, url: str, rounds: int) -> None:
    statuses: list[int] = []
    confirmed = distinct = created = 0
    for _ in range(rounds):
        browser = wizard_to(site, url, "kiem-tra", [2 * MB] * 3, one_by_one=True)
        dossiers = site.dossiers()
        barrier = threading.Barrier(8)
        answers: list[tuple[int, str]] = []

        def click(browser=browser, barrier=barrier, answers=answers):
            clicker = Browser(site.base)
            clicker.cookies = dict(browser.cookies)
            barrier.wait()
            response = clicker.post(url, {f"{browser.prefix}-current_step": "cam-doan", "cam-doan-agree": "on"})
            answers.append((response.status_code, response.headers.get("Location", "")))

        threads = [threading.Thread(target=click) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        statuses += [status for status, _ in answers]
        confirmations = [location for _, location in answers if location.endswith("/da-nop/")]
        confirmed += len(confirmations)
        distinct += len(set(confirmations))
        created += site.dossiers() - dossiers
    orphans = site.orphans()
    counts = {status: statuses.count(status) for status in sorted(set(statuses))}
    print(f"D. Eight simultaneous clicks on 'Nộp hồ sơ' for one draft, {rounds} drafts (2 workers):")
    print(f"   answers: {counts}; 5xx: {sum(s >= 500 for s in statuses)} of {len(statuses)}")
    print(f"   answered with the confirmation page: {confirmed} of {len(statuses)}; distinct per draft: {distinct}")
    print(f"   dossiers created: {created} for {rounds} drafts")
    print(f"   {orphans}")


LOCKER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("ROLLBACK")
"""


def case_database_locked(site: Site, url: str) -> None:
    browser = wizard_to(site, url, "khai-1", [])
    drafts = site.drafts()
    locker = subprocess.Popen([PYTHON, "-c", LOCKER, str(site.db), "25"], stdout=subprocess.PIPE, text=True)
    locker.stdout.readline()
    files = {f"giay-to-{slot}": (f"tep-{i}.pdf", pdf(MB), "application/pdf") for i, slot in enumerate(browser.slots)}
    started = time.monotonic()
    response = browser.post(url, {f"{browser.prefix}-current_step": "giay-to", "giay-to-channel": "online"}, files)
    waited = time.monotonic() - started
    locker.wait()
    says_kept = "vẫn được giữ" in response.text
    orphans = site.orphans()
    print("E. Database locked for 25 s (busy timeout 20 s) at the documents step:")
    print(f"   answer: {answer(response)} after {waited:.1f} s; says the draft is kept: {'yes' if says_kept else 'no'}")
    print(f"   draft kept: {'yes' if site.drafts() == drafts else 'no'}")
    print(f"   {orphans}")


PG_BIN = Path("/usr/lib/postgresql/15/bin")


def as_postgres(*command: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True)


def case_postgres_stopped(code: Path) -> None:
    """F. The JSON API and a page while PostgreSQL is stopped."""
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-faults-pg-"))
    workdir.chmod(0o755)  # the postgres user must reach its cluster
    cluster = workdir / "pg"
    cluster.mkdir()
    shutil.chown(cluster, "postgres", "postgres")
    port = free_port()
    site = Site(code, workdir)
    for folder in (workdir / "var", site.tmp, site.private):
        folder.mkdir(parents=True, exist_ok=True)
    site.env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{port}/postgres"
    try:
        as_postgres(str(PG_BIN / "initdb"), "-D", str(cluster), "-A", "trust", "-U", "postgres")
        start = [str(PG_BIN / "pg_ctl"), "-D", str(cluster), "-l", str(cluster / "log"), "-w"]
        as_postgres(*start, "-o", f"-p {port} -k {cluster} -c listen_addresses=127.0.0.1", "start")
        site.manage("migrate", "--no-input")
        site.manage("collectstatic", "--no-input")
        site.manage("shell", "-c", SETUP, capture=True)
        site.start()
        up = requests.get(site.base + "/api/search", params={"q": "khai sinh"}, timeout=30)
        as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(cluster), "-m", "fast", "-w", "stop")
        print("F. PostgreSQL stopped under a running site:")
        print(f"   /api/search before the stop: {up.status_code}")
        for path, params in (("/api/search", {"q": "khai sinh"}), ("/api/search/suggest", {"q": "khai"})):
            response = requests.get(site.base + path, params=params, timeout=30)
            kind = response.headers.get("Content-Type", "").split(";")[0]
            print(f"   {path}: {answer(response)}, {kind}")
        response = requests.get(site.base + "/tra-cuu/", params={"q": "khai sinh"}, timeout=30)
        kind = response.headers.get("Content-Type", "").split(";")[0]
        print(f"   /tra-cuu/ (a page): {answer(response)}, {kind}")
    finally:
        site.stop()
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(cluster), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose code runs (default: this one)")
    parser.add_argument("--rounds", type=int, default=5, help="drafts clicked eight times at once (case D)")
    parser.add_argument("--postgres", action="store_true", help="also case F: PostgreSQL stopped (own cluster)")
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("needs root to mount the small tmpfs of case A")

    code = args.code.resolve()
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-faults-"))
    site = Site(code, workdir)
    (workdir / "var").mkdir(parents=True)
    site.tmp.mkdir()
    site.private.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m,mode=0700", "tmpfs", str(site.private)], check=True)
    try:
        site.manage("migrate", "--no-input")
        site.manage("collectstatic", "--no-input")
        url = site.manage("shell", "-c", SETUP, capture=True).split()[-1]
        revision = subprocess.run(
            ["git", "-C", str(code), "log", "-1", "--format=%h %s"], capture_output=True, text=True
        ).stdout.strip()
        print(f"Code: {code} {revision}")
        site.start()
        case_disk_full(site, url)
        case_killed_upload(site, url)
        case_killed_copy(site, url)
        case_duplicate_clicks(site, url, args.rounds)
        case_database_locked(site, url)
        site.stop()
        if (code / "forms" / "management" / "commands" / "sweep_files.py").exists():
            site.manage("sweep_files", "--grace-hours", "0")
            label = "after `sweep_files --grace-hours 0`"
        else:
            label = "no sweep in this code"
        print(f"End, {label}: {site.orphans()}")
        if args.postgres:
            case_postgres_stopped(code)
    finally:
        site.stop()
        subprocess.run(["umount", str(site.private)], check=False)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
