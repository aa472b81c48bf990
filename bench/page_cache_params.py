"""Page cache and query strings: what ``?utm_source=<random>`` costs (issue 16).

Builds a throw-away copy of the demo (as ``bench/pages.py`` does), starts gunicorn (2 workers,
production settings, the file page cache under the work folder), stores the directory and the
news list once, then sends ``--requests`` GETs of each with a random campaign parameter, and as
many of the directory with its meaningful ``?truc_tuyen=1`` filter plus a random parameter. It
prints, per run, the X-Page-Cache answers (hit, miss, none), the entries the page cache gained
(files in its folder) and p50/p95 latency.

    .venv/bin/python bench/page_cache_params.py [--requests 200]

All traffic goes to 127.0.0.1 on a free port; the run is bounded by the request count.
"""

import argparse
import http.client
import secrets
import shutil
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from harness import PYTHON, ROOT, bench_env, free_port, start_gunicorn


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def fetch(port: int, path: str) -> tuple[int, str, float]:
    """GET ``path``: the status, the X-Page-Cache header ("" when absent) and the time in ms."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Encoding": "identity"})
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("X-Page-Cache", ""), (time.perf_counter() - started) * 1000
    finally:
        conn.close()


def entries(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file()) if folder.exists() else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-params-"))
    env = bench_env(workdir)
    cache_folder = workdir / "var" / "cache" / "pages"
    try:
        print("Preparing the demo in", workdir, flush=True)
        manage(env, "migrate", "--no-input")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--no-input")
        port = free_port()
        server = start_gunicorn(env, port, workers=2)
        try:
            runs = [
                ("directory ?utm_source=<random>", "/thu-tuc-hanh-chinh/", "/thu-tuc-hanh-chinh/?utm_source={}"),
                ("news list ?fbclid=<random>", "/tin-tuc/", "/tin-tuc/?fbclid={}"),
                (
                    "directory ?truc_tuyen=1&utm=<random>",
                    "/thu-tuc-hanh-chinh/?truc_tuyen=1",
                    "/thu-tuc-hanh-chinh/?truc_tuyen=1&utm={}",
                ),
            ]
            print(f"gunicorn, 2 workers, {args.requests} sequential requests per run, each with a new value")
            print(f"{'run':<38}{'hit':>6}{'miss':>6}{'none':>6}{'new entries':>13}{'p50 ms':>9}{'p95 ms':>9}")
            for name, plain, pattern in runs:
                for _ in range(2):  # stored, then served
                    status, _, _ = fetch(port, plain)
                    assert status == 200, (plain, status)
                before = entries(cache_folder)
                states: Counter = Counter()
                timings = []
                for _ in range(args.requests):
                    status, state, elapsed = fetch(port, pattern.format(secrets.token_hex(6)))
                    assert status == 200, (pattern, status)
                    states[state or "none"] += 1
                    timings.append(elapsed)
                timings.sort()
                print(
                    f"{name:<38}{states['hit']:>6}{states['miss']:>6}{states['none']:>6}"
                    f"{entries(cache_folder) - before:>13}{statistics.median(timings):>9.1f}"
                    f"{timings[int(len(timings) * 0.95) - 1]:>9.1f}",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait()
        print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
