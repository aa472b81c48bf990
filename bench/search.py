"""Search latency through the JSON API at 588, 2,642 and 26,420 procedures, on SQLite and PostgreSQL.

For each database a throw-away one is created (a SQLite file under a temporary folder; a
PostgreSQL cluster started as the postgres user on a free port under /tmp, as .ci/run does),
migrated, and for each size the embedded search index is filled and every query of
search/data/eval/public.tsv is sent to GET /api/search through Django's test client (URL routing,
middleware, view, service, backend, JSON), several rounds after a warm-up round. It prints
p50/p95/max per size and database, plus a set of broad one- or two-word queries that match a
large share of the catalogue (the worst case for ranking and facet counts). The warm-up round is
reported apart as "first round": it runs right after the index was written, before the backend
holds any term's id set in memory (as after each publish on a live site). Its very first search,
which builds the new generation's shared structures and reads again the previous generation's
commonest id sets, is printed on its own as "first search". Before the first size,
one untimed round on the commune catalogue warms the process itself (imports, templates, the
query analysis's caches), as a live site's workers are warm when a publish writes to the index.

The index is filled straight from the parsed records (``search.evaluation.records_index``):
creating 26,420 Wagtail pages would take hours and this measures search, not page creation.
26,420 is the 2,642 national records ten times over, copies with altered codes.

    .venv/bin/python bench/search.py [--databases sqlite,postgres] [--sizes 588,2642,26420] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Catalogue records and the public query set are kept in the repository (see tests/data/tthc/SOURCES.md).
DATA = ROOT / "tests" / "data" / "tthc"
COMMUNE = DATA / "cap_xa.jsonl.gz"
NATIONAL = DATA / "national_2642.jsonl.gz"
QUERIES = ROOT / "search" / "data" / "eval" / "public.tsv"
BROAD = ["đăng ký", "cấp giấy phép", "thủ tục", "hộ kinh doanh", "thuế", "bảo hiểm", "dang ky", "giấy chứng nhận"]
SIZES = {588: (COMMUNE, 1), 2642: (NATIONAL, 1), 26420: (NATIONAL, 10)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


# --- worker: runs inside one database configuration ------------------------------------------


def worker(sizes: list[int], rounds: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from search.backends.embedded import EmbeddedBackend
    from search.evaluation import read_queries, records_index

    call_command("migrate", verbosity=0)
    queries = [q.text for q in read_queries(QUERIES)]
    client = Client()
    rows = []
    with override_settings(ALLOWED_HOSTS=["*"]):
        # A live site's workers have served searches before a publish writes to the index: warm
        # this process (imports, templates, the analysis's caches) on the commune catalogue first,
        # so that the first round after each write below measures the write, not the process.
        EmbeddedBackend().clear()
        records_index(COMMUNE)
        for text in (*queries, *BROAD):
            client.get("/api/search", {"q": text})
        for size in sizes:
            path, copies = SIZES[size]
            EmbeddedBackend().clear()
            started = time.perf_counter()
            count = records_index(path, copies=copies)
            fill_s = time.perf_counter() - started
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            rows.append(
                {
                    "database": connection.vendor,
                    "size": count,
                    "fill_s": round(fill_s, 1),
                    **search_rounds(client, queries, rounds),
                }
            )
            print(json.dumps(rows[-1]), flush=True)


def search_rounds(client, queries: list[str], rounds: int, **extra) -> dict:
    """Send every query of ``queries`` and of ``BROAD`` to GET /api/search, ``rounds`` times after a
    warm-up round, through ``client`` (Django's test client; ``extra`` goes with each request, e.g.
    ``HTTP_HOST`` for one commune of many in bench/province.py). Returns the figures of a row."""
    timings: dict[str, list[float]] = {"queries.tsv": [], "broad": []}
    # Round 0 starts right after the index was filled: no term's id set is in memory yet,
    # as after a publish on a live site. It is reported apart ("first round").
    first_round: list[float] = []
    cpu: list[float] = []
    load_before = os.getloadavg()[0]
    for round_number in range(rounds + 1):
        for name, texts in (("queries.tsv", queries), ("broad", BROAD)):
            for text in texts:
                t, c = time.perf_counter(), time.thread_time()
                response = client.get("/api/search", {"q": text}, **extra)
                elapsed = (time.perf_counter() - t) * 1000
                assert response.status_code == 200, response.content[:200]
                if round_number:  # round 0 warms caches
                    timings[name].append(elapsed)
                    if name == "queries.tsv":
                        cpu.append((time.thread_time() - c) * 1000)
                elif name == "queries.tsv":
                    first_round.append(elapsed)
    return {
        # The machine is shared: the load average (1 min) around the timed rounds, and
        # this process's CPU time per queries.tsv request (SQLite runs in process, so
        # there it is the cost of the search itself, whatever the load).
        "load": f"{load_before:.1f}-{os.getloadavg()[0]:.1f}",
        "cpu_p50": round(statistics.median(cpu), 1),
        "cpu_p95": round(percentile(cpu, 95), 1),
        # The very first search after the write builds the generation's shared structures
        # (EmbeddedBackend._warm): reported on its own, as the p95 of 41 leaves it out.
        "first_search": round(first_round[0], 1),
        "first_p50": round(statistics.median(first_round), 1),
        "first_p95": round(percentile(first_round, 95), 1),
        **{
            name: {
                "n": len(values),
                "p50": round(statistics.median(values), 1),
                "p95": round(percentile(values, 95), 1),
                "max": round(max(values), 1),
            }
            for name, values in timings.items()
        },
    }


# --- orchestration ------------------------------------------------------------------------------


def run_worker(env: dict[str, str], sizes: list[int], rounds: int) -> Iterator[dict]:
    command = [sys.executable, __file__, "--worker", "--sizes", ",".join(map(str, sizes)), "--rounds", str(rounds)]
    # Rows are read as the worker prints them, so a long run shows its progress; errors go to stderr.
    with subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True) as worker_process:
        for line in worker_process.stdout:
            if line.startswith("{"):
                yield json.loads(line)
    if worker_process.returncode:
        raise SystemExit(f"benchmark worker failed with exit status {worker_process.returncode}")


def base_env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PORTAL_VAR_DIR=str(workdir / "var"), LOG_LEVEL="WARNING", DJANGO_SETTINGS_MODULE="portal.settings.test")
    env.pop("DATABASE_URL", None)
    env.pop("ELASTICSEARCH_URL", None)
    return env


def with_sqlite(sizes: list[int], rounds: int) -> Iterator[dict]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-search-sqlite-"))
    try:
        env = base_env(workdir)
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        yield from run_worker(env, sizes, rounds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def with_postgres(sizes: list[int], rounds: int) -> Iterator[dict]:
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not bins:
        print("PostgreSQL server binaries not found; skipping PostgreSQL", file=sys.stderr)
        return
    pg_bin = bins[-1]
    workdir = Path(tempfile.mkdtemp(prefix="bench-search-pg-"))
    port = free_port()
    data = workdir / "data"
    shutil.chown(workdir, "postgres")

    def as_postgres(*args: str) -> None:
        subprocess.run(["su", "postgres", "-c", " ".join(args)], check=True, stdout=subprocess.DEVNULL)

    as_postgres(
        f"{pg_bin}/initdb", "-D", str(data), "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-U postgres"
    )
    opts = f"'-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off'"
    as_postgres(f"{pg_bin}/pg_ctl", "-D", str(data), "-l", str(workdir / "log"), "-o", opts, "-w", "start")
    try:
        as_postgres(f"{pg_bin}/createdb", "-h", "127.0.0.1", "-p", str(port), "bench")
        env = base_env(workdir)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{port}/bench"
        yield from run_worker(env, sizes, rounds)
    finally:
        as_postgres(f"{pg_bin}/pg_ctl", "-D", str(data), "-m", "fast", "stop")
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--sizes", default="588,2642,26420")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.worker:
        worker(sizes, args.rounds)
        return
    print("Search latency through GET /api/search (Django test client, in process), milliseconds.")
    print("Index filled straight from parsed records (no Wagtail pages): this measures search, not page creation.")
    print(f"{len(sizes)} sizes; {args.rounds} rounds of queries.tsv and of {len(BROAD)} broad queries after a warm-up.")
    print(
        f"{'database':<11}{'size':>7}{'fill s':>8}  {'queries.tsv p50/p95/max':<26}{'broad p50/p95/max':<24}"
        f"{'CPU p50/p95':<14}{'first round p50/p95':<21}{'first search':<14}load"
    )
    runners = {"sqlite": with_sqlite, "postgres": with_postgres}
    results = []
    for database in args.databases.split(","):
        for row in runners[database](sizes, args.rounds):
            results.append(row)
            q, b = row["queries.tsv"], row["broad"]
            print(
                f"{row['database']:<11}{row['size']:>7}{row['fill_s']:>8}  "
                f"{q['p50']:>6} /{q['p95']:>6} /{q['max']:>6}       {b['p50']:>6} /{b['p95']:>6} /{b['max']:>6}"
                f"  {row['cpu_p50']:>5} /{row['cpu_p95']:>5}  {row['first_p50']:>8} /{row['first_p95']:>6}     "
                f"{row['first_search']:>8}      {row['load']}",
                flush=True,
            )
    by = {(r["database"], r["size"]): r for r in results}
    for database in ("sqlite", "postgresql"):
        small, large = by.get((database, 2642)), by.get((database, 26420))
        if small and large:
            ratio = large["queries.tsv"]["p95"] / small["queries.tsv"]["p95"]
            print(f"{database}: p95 grows {ratio:.1f}x from 2,642 to 26,420 procedures (10x the data)")


if __name__ == "__main__":
    main()
