"""Page-serving benchmark: the demo commune behind gunicorn (2 workers), as in production.

Builds a throw-away copy of the demo (own SQLite database, static root), starts gunicorn with the
production settings, and measures requests per second and p50/p95 latency for the home page, the
procedure directory, the directory's first procedure page, the heaviest procedure page of the demo
and an article page: once with the anonymous page cache switched off (every request renders) and
once with it on (after the first request, every request is a hit, which the run checks through the
X-Page-Cache header). Before the uncached runs it times the first view of every procedure page on
the fresh server. It also serves the first procedure page's HTML as a static file from the
same server (WhiteNoise inside the same gunicorn) and prints the ratios cached / static and
uncached / static.

    .venv/bin/python bench/pages.py [--requests 600] [--concurrency 4]

All traffic goes to 127.0.0.1 on a free port; the run is bounded by the request count.
"""

import argparse
import http.client
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from harness import PYTHON, ROOT, bench_env, free_port, start_gunicorn


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def fetch(port: int, path: str, *, header: str = "", host: str = "127.0.0.1") -> tuple[int, bytes]:
    """GET ``path``; the status and either the body or, when ``header`` is named, that header's value.

    ``host`` is the Host header: the commune addressed, on an installation with several
    (bench/province.py); the server always listens on 127.0.0.1.
    """
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": host, "Accept-Encoding": "identity"})
        response = conn.getresponse()
        body = response.read()
        return response.status, (response.getheader(header, "").encode() if header else body)
    finally:
        conn.close()


def load(port: int, path: str, requests: int, concurrency: int, *, host: str = "127.0.0.1") -> dict[str, float]:
    """Send ``requests`` GETs from ``concurrency`` threads; return rps and latency percentiles."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    remaining = iter(range(requests))

    def worker() -> None:
        nonlocal errors
        while True:
            with lock:
                if next(remaining, None) is None:
                    return
            started = time.perf_counter()
            status, _ = fetch(port, path, host=host)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors += status != 200

    for _ in range(min(20, requests)):  # warm up both workers
        fetch(port, path, host=host)
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "errors": errors,
        "latencies": latencies,  # seconds, sorted (bench/province.py merges runs)
    }


def first_views(port: int, paths: list[str]) -> None:
    """Print the latency of each procedure page's first view on a fresh server, one at a time.

    Nothing about these pages is in the workers' memory yet, as right after a publish: every
    view builds the page's queries and decodes its sections (the load runs below then measure
    the pages a worker has rendered before).
    """
    timings = []
    for path in paths:
        started = time.perf_counter()
        status, _ = fetch(port, path)
        timings.append((time.perf_counter() - started) * 1000)
        assert status == 200, (path, status)
    timings.sort()
    print(
        f"first view of each of the {len(paths)} procedure pages, one at a time: "
        f"p50 {statistics.median(timings):.1f} ms, p95 {timings[int(len(timings) * 0.95) - 1]:.1f} ms, "
        f"max {timings[-1]:.1f} ms"
    )


def links(html: str, prefix: str) -> list[str]:
    """The distinct hrefs in ``html`` that start with ``prefix`` and go deeper than it, in order."""
    found = [
        href
        for href in re.findall(r'href="([^"]+)"', html)
        if href.startswith(prefix) and len(href) > len(prefix) and "?" not in href and not href.endswith(".xml")
    ]
    if not found:
        raise SystemExit(f"no link under {prefix} found")
    return list(dict.fromkeys(found))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-pages-"))
    env = bench_env(workdir)
    try:
        print("Preparing the demo in", workdir, flush=True)
        manage(env, "migrate", "--no-input")
        manage(env, "load_demo", "--without-debug")
        manage(env, "collectstatic", "--no-input")
        port = free_port()
        server = start_gunicorn(env, port, workers=2)
        try:
            status, body = fetch(port, "/thu-tuc-hanh-chinh/")
            if status != 200:
                raise SystemExit(f"/thu-tuc-hanh-chinh/ answered {status}: {body[:500]!r}")
            procedures = links(body.decode(), "/thu-tuc-hanh-chinh/")
            article = links(fetch(port, "/tin-tuc/")[1].decode(), "/tin-tuc/")[0]
            # The first procedure of the directory, and the heaviest page of them all (the most
            # steps, documents and templates: the worst case for rendering).
            sizes = {}
            for path in procedures:
                status, html = fetch(port, path)
                assert status == 200, (path, status)
                sizes[path] = html
            procedure, procedure_html = procedures[0], sizes[procedures[0]]
            largest = max(sizes, key=lambda path: len(sizes[path]))
        finally:
            server.terminate()
            server.wait()
        # The same HTML as a static file, collected so WhiteNoise serves it from the same server.
        static_copy = workdir / "static" / "bench"
        static_copy.mkdir(parents=True)
        (static_copy / "procedure.html").write_bytes(procedure_html)

        targets = [
            ("home", "/"),
            ("directory", "/thu-tuc-hanh-chinh/"),
            ("procedure", procedure),
            ("largest procedure", largest),
            ("article", article),
        ]
        print(f"gunicorn, 2 workers, {args.concurrency} concurrent clients, {args.requests} requests per URL")
        results = {}
        for mode, enabled in (("uncached", "0"), ("cached", "1")):
            server = start_gunicorn({**env, "PAGE_CACHE_ENABLED": enabled}, port, workers=2)
            try:
                if mode == "uncached":
                    first_views(port, list(sizes))
                runs = [(f"{name} {mode}", path) for name, path in targets]
                if mode == "cached":
                    runs.append(("procedure as static file", "/static/bench/procedure.html"))
                    for _, path in targets:
                        fetch(port, path)  # store it
                        state = fetch(port, path, header="X-Page-Cache")[1].decode()
                        if state != "hit":
                            raise SystemExit(f"{path} is not served from the page cache (X-Page-Cache: {state!r})")
                print(f"{'page':<28}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}  url")
                for name, path in runs:
                    figures = load(port, path, args.requests, args.concurrency)
                    results[name] = figures
                    print(
                        f"{name:<28}{figures['rps']:>9.1f}{figures['p50']:>9.1f}{figures['p95']:>9.1f}"
                        f"{figures['errors']:>8}  {path}",
                        flush=True,
                    )
            finally:
                server.terminate()
                server.wait()
        static = results["procedure as static file"]["rps"]
        print(f"procedure page size: {len(procedure_html) / 1024:.1f} KiB of HTML")
        print(f"largest of the {len(sizes)} procedure pages: {len(sizes[largest]) / 1024:.1f} KiB of HTML")
        print(f"ratio cached/static (procedure page req/s): {results['procedure cached']['rps'] / static:.2f}")
        print(f"ratio uncached/static (procedure page req/s): {results['procedure uncached']['rps'] / static:.2f}")
        print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
