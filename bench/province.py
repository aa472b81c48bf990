"""Province scale (issue #17): 100 communes sharing the 588-procedure catalogue on one installation.

Builds a throw-away installation (a SQLite file under a temporary folder, or the empty PostgreSQL
database named by DATABASE_URL): the demo commune with the 588-procedure commune catalogue
(tests/data/tthc/cap_xa.jsonl.gz, imported once), then measures, in this order:

1. the building blocks: the storage taken (database size, and the ProcedurePage rows, their
   text bytes and their revisions), then a copy of the database with this single commune;
2. the time to add each of 99 more communes with ``cms.communes.commune_add`` (wards of
   province 68, Lâm Đồng, from vietnam-provinces), and the storage they take: database growth per
   commune, and the ProcedurePage rows, their text bytes and their revisions before and after (the
   national text must not be copied per commune);
3. pages (home, directory, a procedure page, the news list: bench/pages.py's figures, gunicorn,
   2 workers, page cache off) and search (bench/search.py's: every query of
   search/data/eval/public.tsv and the broad ones through GET /api/search) of the single commune
   (on the copy), of commune #57 of the 100 (by its host name) and of the demo commune as one of
   the 100, with the ratios to the single commune;
4. the officers' dossier list with 100,000 dossiers spread over the communes (bulk_create, with
   realistic statuses and due dates): GET /admin/forms/dossier/ (first page, default sort; with a
   status filter; with a search term) as an officer whose group works for commune #57
   (``CommuneStaffGroup``), the page cache off, and the scoped query alone
   (``cms.communes.staff_scope``).

The sides of (3) are measured in turns, chunk after chunk and round after round, each against its
own server or process: the machine is shared, and a side measured minutes after another compared
two moments' load more than two installations (a first version of this bench did that).

    .venv/bin/python bench/province.py [--communes 100] [--dossiers 100000] [--rounds 20] [--turns 10] [--quick]
    DATABASE_URL=postgres://… .venv/bin/python bench/province.py     # an empty database

``--quick`` is a smoke run: the demo's 53 procedures only, 4 communes, 400 dossiers, few requests.
Everything is served on 127.0.0.1 (the communes are ``xa-<code>.localhost``). No figure is asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:  # imported by the smoke test rather than run as a script
    sys.path.insert(0, str(BENCH))

import pages as page_bench  # noqa: E402
from harness import PYTHON, ROOT, bench_env, free_port, start_gunicorn  # noqa: E402


def _bench_module(name: str):
    # bench/search.py under another name: "search" is the portal's search app.
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


search_bench = _bench_module("search")

CATALOGUE = search_bench.COMMUNE  # the 588 procedures carried out at commune level
PROVINCE_CODE = 68  # Lâm Đồng (after the 2025 reform), where the demo's xã Hàm Liêm is
DIRECTORY = "/thu-tuc-hanh-chinh/"
NEWS = "/tin-tuc/"
SINGLE_HOST = "127.0.0.1"  # the demo's default site
OBSERVED = 57  # the commune measured among the many (#1 is the demo's)
LIST_URL = "/admin/forms/dossier/"


def commune_host(code: str) -> str:
    return f"xa-{code}.localhost"


def percentile(values: list[float], p: float) -> float:
    return search_bench.percentile(values, p)


# -- figures measured inside Django --------------------------------------------------------------


def storage_figures() -> dict[str, int]:
    """Database size and what holds the national text: ProcedurePage rows, their text bytes (every
    text and JSON column of cms_procedurepage) and their revisions' bytes; plus the page count."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from wagtail.models import Page, Revision

    from cms.models import LocalProcedure, ProcedurePage

    table = ProcedurePage._meta.db_table
    columns = [
        field.column
        for field in ProcedurePage._meta.local_concrete_fields
        if field.get_internal_type() in ("CharField", "TextField", "JSONField", "StreamField")
    ]
    postgres = connection.vendor == "postgresql"

    def octets(column: str) -> str:
        quoted = connection.ops.quote_name(column)
        return f"octet_length({quoted}::text)" if postgres else f"length(CAST({quoted} AS BLOB))"

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(SUM({' + '.join(f'COALESCE({octets(c)}, 0)' for c in columns)}), 0) FROM {table}"
        )
        text_bytes = int(cursor.fetchone()[0])
        # A page's revisions hold a copy of its content: they must not grow with communes either.
        cursor.execute(
            f"SELECT COUNT(*), COALESCE(SUM({octets('content')}), 0) FROM {Revision._meta.db_table} "
            f"WHERE base_content_type_id = %s AND object_id IN (SELECT CAST(page_ptr_id AS TEXT) FROM {table})",
            [ContentType.objects.get_for_model(Page).pk],
        )
        revisions, revision_bytes = (int(v) for v in cursor.fetchone())
        if postgres:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = int(cursor.fetchone()[0])
        else:
            # The database's pages in use (WAL included): a file never shrinks, and new rows first
            # fill the free pages.
            pragmas = {}
            for pragma in ("page_count", "freelist_count", "page_size"):
                cursor.execute(f"PRAGMA {pragma}")
                pragmas[pragma] = int(cursor.fetchone()[0])
            size = (pragmas["page_count"] - pragmas["freelist_count"]) * pragmas["page_size"]
    return {
        "database_bytes": size,
        "procedure_pages": ProcedurePage.objects.count(),
        "procedure_text_bytes": text_bytes,
        "procedure_revisions": revisions,
        "procedure_revision_bytes": revision_bytes,
        "pages": Page.objects.count(),
        "local_procedures": LocalProcedure.objects.count(),
    }


def province_units(count: int) -> list:
    """``count`` wards of province 68 not yet on the installation, in the official order."""
    from vietnam_provinces import Ward

    from cms.communes import unit_for_code
    from cms.models import CommuneSettings

    taken = set(CommuneSettings.objects.values_list("commune_code", flat=True))
    units = []
    for ward in Ward.iter_by_province(PROVINCE_CODE):
        unit = unit_for_code(str(int(ward.code)))
        if unit and unit.code not in taken:
            units.append(unit)
    if len(units) < count:
        raise SystemExit(f"province {PROVINCE_CODE} has only {len(units)} free wards, {count} asked")
    return units[:count]


def communes_add(count: int) -> tuple[list, list[float]]:
    """Add ``count`` communes with ``commune_add``; their Sites and the seconds each took."""
    from cms.communes import commune_add

    sites, seconds = [], []
    for unit in province_units(count):
        started = time.perf_counter()
        sites.append(commune_add(code=unit.code, host=commune_host(unit.code)))
        seconds.append(time.perf_counter() - started)
    return sites, seconds


SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Đức", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc"]
# A commune's dossiers over two years: most are closed (returned, refused at reception or after);
# a few dozen per commune are open, some of them late. (status, share, received?, closed?)
STATUSES = [
    ("returned", 0.70, True, True),
    ("result_ready", 0.04, True, False),
    ("processing", 0.10, True, False),
    ("received", 0.04, True, False),
    ("supplement_requested", 0.02, True, False),
    ("refused", 0.02, True, True),
    ("awaiting_reception", 0.05, False, False),
    ("completion_requested", 0.01, False, False),
    ("not_received", 0.02, False, True),
]


def dossiers_make(total: int, sites: list, *, seed: int = 17, batch: int = 5000) -> int:
    """``total`` dossiers spread evenly at random over ``sites`` with ``bulk_create``."""
    from django.utils import timezone

    from cms.models import CommuneSettings, ProcedurePage
    from forms.models import DeliveryMethod, Dossier, PaymentStatus, SubmissionChannel
    from forms.models.dossiers import dossier_search_text

    rng = random.Random(seed)
    procedures = list(ProcedurePage.objects.live().values_list("pk", "code", "title")[:200]) or [(None, "1.000000", "")]
    prefixes = dict(CommuneSettings.objects.filter(site__in=sites).values_list("site_id", "commune_code"))
    statuses = [s for s, *_ in STATUSES]
    weights = [w for _, w, *_ in STATUSES]
    facts = {s: (received, closed) for s, _, received, closed in STATUSES}
    now = timezone.now()
    made = 0
    while made < total:
        rows = []
        for i in range(made, min(total, made + batch)):
            site = rng.choice(sites)
            pk, code, title = rng.choice(procedures)
            status = rng.choices(statuses, weights)[0]
            received, closed = facts[status]
            # Open dossiers are recent; closed ones anywhere in the last two years.
            submitted = now - timedelta(days=rng.uniform(0, 40 if not closed else 730))
            days = rng.choice([1, 3, 5, 7, 10, 15])
            received_at = submitted + timedelta(hours=rng.uniform(1, 48)) if received else None
            due = (received_at.date() + timedelta(days=round(days * 1.4))) if received_at else None
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            rows.append(
                Dossier(
                    code=f"{prefixes.get(site.pk, '00000')}-{submitted:%y%m%d}-{i:07d}",
                    access_token=secrets.token_hex(16),
                    procedure_id=pk,
                    procedure_code=code,
                    procedure_title=title[:500],
                    site=site,
                    applicant_name=name,
                    search_text=dossier_search_text(name, title[:500]),
                    applicant_id_number=f"{rng.randrange(10**11, 10**12)}",
                    applicant_phone=f"09{rng.randrange(10**7, 10**8)}",
                    applicant={"full_name": name},
                    status=status,
                    channel=rng.choice(list(SubmissionChannel.values)),
                    delivery_method=rng.choice(list(DeliveryMethod.values)),
                    payment_status=PaymentStatus.NOT_REQUIRED if rng.random() < 0.8 else PaymentStatus.PAID,
                    submitted_at=submitted,
                    received_at=received_at,
                    processing_days=days,
                    due_date=due,
                    original_due_date=due,
                    completed_at=received_at + timedelta(days=days) if closed and received_at else None,
                )
            )
        Dossier.objects.bulk_create(rows, batch_size=1000)
        made += len(rows)
    return made


def officer_make(site):
    """An officer (``view_dossier`` + ``change_dossier``, admin access) whose group works for ``site``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    from cms.models import CommuneStaffGroup

    group, _ = Group.objects.get_or_create(name=f"Bộ phận Một cửa xã {site.pk} (đo hiệu năng)")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["forms", "wagtailadmin"],
            codename__in=["view_dossier", "change_dossier", "access_admin"],
        )
    )
    CommuneStaffGroup.objects.get_or_create(group=group, defaults={"site": site})
    user, _ = get_user_model().objects.get_or_create(username=f"bench-officer-{site.pk}")
    user.groups.add(group)
    return user


LIST_URLS = (
    ("list, first page", {}),
    ("list, status filter", {"status": "processing"}),
    ("list, search term", {"q": None}),
)


def dossier_list_figures(user, site, *, rounds: int, term: str, patch_scope: bool = False) -> list[dict]:
    """p50/p95 and query count of the admin list as ``user`` (first page, a filter, a search term),
    and of the scoped query alone (what the list runs once it is limited to ``user``'s communes).

    ``patch_scope`` limits the list to the user's communes for the run (``staff_scope`` on
    ``DossierAdmin.get_queryset``, which the list and its filters' choices start from), as the list
    will be once it is scoped per commune (issue #17).
    Each row keeps the slowest queries of its last request (milliseconds, SQL) in ``slowest``.
    """
    from unittest import mock

    from django.db import connection
    from django.db.models import Case, F, Value, When
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cms.communes import staff_scope
    from forms.backoffice.admin import RECEPTION_WORK, DossierAdmin
    from forms.models import Dossier

    client = Client()
    client.force_login(user)
    rows = []
    base = DossierAdmin.get_queryset

    def scoped_base(model_admin, request):
        return staff_scope(base(model_admin, request), request.user)

    with mock.patch.object(DossierAdmin, "get_queryset", scoped_base) if patch_scope else _nothing():
        for name, params in LIST_URLS:
            params = {key: value or term for key, value in params.items()}
            timings, cpu, sql = [], [], []
            for round_number in range(rounds + 1):
                with CaptureQueriesContext(connection) as queries:
                    started, cpu_started = time.perf_counter(), time.thread_time()
                    response = client.get(LIST_URL, params, HTTP_HOST=SINGLE_HOST)
                    elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, (response.status_code, response.content[:300])
                if round_number:
                    timings.append(elapsed)
                    # The machine is shared: this process's CPU time (Python: view, template) and
                    # the time spent waiting on the database's answers, per request.
                    cpu.append((time.thread_time() - cpu_started) * 1000)
                    sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
            rows.append(
                _timing_row(
                    name,
                    timings,
                    queries=len(queries),
                    rows=_list_count(response),
                    slowest=_slowest(queries),
                    cpu_p50=round(statistics.median(cpu), 1),
                    sql_p50=round(statistics.median(sql), 1),
                )
            )

    def scoped() -> int:
        # The list's own ordering (forms.backoffice.admin.DossierIndexView.get_ordering).
        awaiting = Case(When(status__in=RECEPTION_WORK, then=Value(0)), default=Value(1))
        queryset = staff_scope(Dossier.objects.select_related("procedure__sector"), user).order_by(
            awaiting.asc(), F("due_date").asc(nulls_last=True), "pk"
        )
        list(queryset[:50])
        return queryset.count()

    timings = []
    for round_number in range(rounds + 1):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            count = scoped()
            elapsed = (time.perf_counter() - started) * 1000
        if round_number:
            timings.append(elapsed)
    rows.append(
        _timing_row(
            "scoped query alone (50 rows + count)",
            timings,
            queries=len(queries),
            rows=count,
            slowest=_slowest(queries),
        )
    )
    return rows


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _slowest(queries, count: int = 3) -> list[tuple[float, str]]:
    timed = sorted(((float(q["time"]) * 1000, q["sql"]) for q in queries.captured_queries), reverse=True)
    return [(round(ms, 1), sql) for ms, sql in timed[:count]]


def explain(sql: str) -> str:
    """EXPLAIN ANALYZE of a captured query (PostgreSQL: the SQL captured is the one that ran)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def _list_count(response) -> int | str:
    view = getattr(response, "context_data", None) or {}
    paginator = view.get("paginator")
    if paginator is None and response.context is not None:
        paginator = response.context.get("paginator")
    return paginator.count if paginator is not None else "?"


def _timing_row(name: str, timings: list[float], **extra) -> dict:
    return {
        "name": name,
        "p50": round(statistics.median(timings), 1),
        "p95": round(percentile(timings, 95), 1),
        "max": round(max(timings), 1),
        **extra,
    }


def search_figures(host: str, rounds: int, *, queries: list[str] | None = None) -> dict:
    """bench/search.py's figures through GET /api/search, addressed to the commune at ``host``."""
    from django.test import Client

    from search.evaluation import read_queries

    if queries is None:
        queries = [q.text for q in read_queries(search_bench.QUERIES)]
    client = Client()
    # How many procedures a common query finds there: both sides must search the same catalogue.
    sample = client.get("/api/search", {"q": "khai sinh"}, HTTP_HOST=host).json()["total"]
    return {**search_bench.search_rounds(client, queries, rounds, HTTP_HOST=host), "khai_sinh_total": sample}


def search_round(client, host: str, queries: list[str]) -> dict[str, list[float]]:
    """One round of bench/search.py's queries and broad ones through GET /api/search at ``host``:
    milliseconds per request, and this process's CPU time per queries.tsv request."""
    timings: dict[str, list[float]] = {"queries.tsv": [], "broad": [], "cpu": []}
    for name, texts in (("queries.tsv", queries), ("broad", search_bench.BROAD)):
        for text in texts:
            started, cpu_started = time.perf_counter(), time.thread_time()
            response = client.get("/api/search", {"q": text}, HTTP_HOST=host)
            timings[name].append((time.perf_counter() - started) * 1000)
            if name == "queries.tsv":
                timings["cpu"].append((time.thread_time() - cpu_started) * 1000)
            assert response.status_code == 200, response.content[:200]
    return timings


def _eval_queries() -> list[str]:
    from search.evaluation import read_queries

    return [q.text for q in read_queries(search_bench.QUERIES)]


def search_child() -> None:
    """``--search-child``: answer "round" on stdin with one search round (JSON) of the single
    commune on this process's database (the copy taken before the other communes were added)."""
    import django

    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    django.setup()
    from django.test import Client

    client, queries = Client(), _eval_queries()
    total = client.get("/api/search", {"q": "khai sinh"}, HTTP_HOST=SINGLE_HOST).json()["total"]
    search_round(client, SINGLE_HOST, queries)  # warm-up
    print(json.dumps({"khai_sinh_total": total}), flush=True)
    for line in sys.stdin:
        if line.strip() != "round":
            break
        print(json.dumps(search_round(client, SINGLE_HOST, queries)), flush=True)


def search_interleaved(single_env: dict[str, str], hosts: list[str], rounds: int) -> dict[str, dict]:
    """Search figures of the single commune (a process on the copy of its database) and of
    ``hosts`` on this one, taken in turns, round after round (see ``pages_interleaved``)."""
    from django.test import Client

    child = subprocess.Popen(
        [PYTHON, __file__, "--search-child"],
        env=single_env,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        single_total = json.loads(child.stdout.readline())["khai_sinh_total"]
        client, queries = Client(), _eval_queries()
        totals = {host: client.get("/api/search", {"q": "khai sinh"}, HTTP_HOST=host).json()["total"] for host in hosts}
        for host in hosts:
            search_round(client, host, queries)  # warm-up
        labels = [SINGLE_HOST + " (1 commune)", *hosts]
        timings = {label: {"queries.tsv": [], "broad": [], "cpu": []} for label in labels}
        load_before = os.getloadavg()[0]
        for _ in range(rounds):
            child.stdin.write("round\n")
            child.stdin.flush()
            sides = [(SINGLE_HOST + " (1 commune)", json.loads(child.stdout.readline()))]
            sides += [(host, search_round(client, host, queries)) for host in hosts]
            for label, figures in sides:
                for name, values in figures.items():
                    timings[label][name] += values
        load = f"{load_before:.1f}-{os.getloadavg()[0]:.1f}"
    finally:
        if child.stdin:
            child.stdin.close()
        child.wait(timeout=60)
    results = {}
    for label, figures in timings.items():
        host = label.split(" ")[0]
        results[label] = {
            "load": load,
            "cpu_p50": round(statistics.median(figures["cpu"]), 1),
            "khai_sinh_total": single_total if label.endswith("(1 commune)") else totals[host],
            **{
                name: {
                    "n": len(figures[name]),
                    "p50": round(statistics.median(figures[name]), 1),
                    "p95": round(percentile(figures[name], 95), 1),
                    "max": round(max(figures[name]), 1),
                }
                for name in ("queries.tsv", "broad")
            },
        }
    return results


def database_copy() -> str:
    """A copy of the database as it is now (the single commune), to measure it again in turns with
    the many communes later; returns its DATABASE_URL. SQLite: ``VACUUM INTO``; PostgreSQL:
    ``CREATE DATABASE … TEMPLATE`` (this process's connection is closed for it)."""
    from urllib.parse import urlsplit, urlunsplit

    from django.db import connection

    url = os.environ["DATABASE_URL"]
    parts = urlsplit(url)
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"]).with_name("single-commune.sqlite3")
        path.unlink(missing_ok=True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
        return f"sqlite:///{path}"
    name, copy = connection.settings_dict["NAME"], f"{connection.settings_dict['NAME']}_single"
    connection.close()
    with _postgres_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    return urlunsplit(parts._replace(path=f"/{copy}"))


def database_copy_drop(url: str) -> None:
    """Remove the copy ``database_copy`` made."""
    from urllib.parse import urlsplit

    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    with _postgres_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}"')


def _postgres_admin():
    """A connection to the server's ``postgres`` database (to create or drop another), autocommit."""
    import psycopg

    from django.db import connection

    settings = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        autocommit=True,
    )


def pages_interleaved(
    sides: dict[str, tuple[dict[str, str], str]],
    paths: list[tuple[str, str]],
    *,
    requests: int,
    concurrency: int,
    chunks: int = 4,
) -> dict[str, dict[str, dict]]:
    """bench/pages.py's uncached figures of several installations or communes, taken in turns.

    ``sides`` maps a label to (environment, host): one gunicorn (2 workers, page cache off) per
    environment, all started first; then each page's ``requests`` are sent in ``chunks`` turns,
    side after side, so that a burst of load on the shared machine weighs on every side alike
    (measuring one side minutes after the other compared the load of two moments, issue #17).
    """
    servers: dict[str, tuple[subprocess.Popen, int]] = {}
    ports: dict[str, int] = {}
    try:
        for label, (env, _host) in sides.items():
            key = env.get("DATABASE_URL", "")
            if key not in servers:
                port = free_port()
                servers[key] = (start_gunicorn({**env, "PAGE_CACHE_ENABLED": "0"}, port, workers=2), port)
            ports[label] = servers[key][1]
        results: dict[str, dict[str, dict]] = {label: {} for label in sides}
        for name, path in paths:
            for label, (_, host) in sides.items():
                status, body = page_bench.fetch(ports[label], path, host=host)
                if status != 200:
                    raise SystemExit(f"{host}{path} answered {status}: {body[:300]!r}")
                if path == DIRECTORY:  # whether every side lists the same catalogue
                    listed = [href for href in re.findall(r'href="([^"]+)"', body.decode()) if DIRECTORY in href]
                    links = len(set(listed)) - 1
                    print(f"  {label} {host}{DIRECTORY}: {len(body) // 1024} KiB, {links} procedure links")
            latencies: dict[str, list[float]] = {label: [] for label in sides}
            errors = dict.fromkeys(sides, 0)
            for chunk in range(chunks):
                count = requests // chunks + (1 if chunk < requests % chunks else 0)
                for label, (_, host) in sides.items():
                    figures = page_bench.load(ports[label], path, count, concurrency, host=host)
                    latencies[label] += figures["latencies"]
                    errors[label] += figures["errors"]
            for label in sides:
                values = sorted(latencies[label])
                results[label][name] = {
                    "p50": statistics.median(values) * 1000,
                    "p95": percentile(values, 95) * 1000,
                    "errors": errors[label],
                }
        return results
    finally:
        for server, _ in servers.values():
            server.terminate()
            server.wait()


def first_procedure() -> str:
    """The directory's first procedure page on the single commune."""
    from django.test import Client

    response = Client().get(DIRECTORY, HTTP_HOST=SINGLE_HOST)
    assert response.status_code == 200, response.status_code
    return page_bench.links(response.content.decode(), DIRECTORY)[0]


def commune_page_check(host: str, name: str) -> str:
    """Whether the commune's home page names it (Wagtail picked its Site by the Host header)."""
    from django.test import Client

    response = Client().get("/", HTTP_HOST=host)
    # Inside a sentence the unit is written in lower case ("phường Tiến Thành"): compare without it.
    named = name[1:] in response.content.decode()
    return "yes" if named else "NO (another commune's home page was served)"


# -- the run -------------------------------------------------------------------------------------


def _print_pages(single: dict, many: dict, label: str) -> None:
    print(f"{'page':<12}{'1 commune p50/p95':>20}{label + ' p50/p95':>20}{'ratio p50/p95':>16}")
    for name in single:
        a, b = single[name], many[name]
        print(
            f"{name:<12}{a['p50']:>10.1f} /{a['p95']:>7.1f}{b['p50']:>12.1f} /{b['p95']:>7.1f}"
            f"{b['p50'] / a['p50']:>10.2f} /{b['p95'] / a['p95']:>5.2f}   errors {a['errors']}/{b['errors']}",
            flush=True,
        )


def _print_search(single: dict, many: dict, label: str) -> None:
    for name in ("queries.tsv", "broad"):
        a, b = single[name], many[name]
        print(
            f"search {name:<12} 1 commune p50/p95 {a['p50']:>6} /{a['p95']:>6}"
            f"   {label} {b['p50']:>6} /{b['p95']:>6}   ratio {b['p50'] / a['p50']:.2f} / {b['p95'] / a['p95']:.2f}"
            f"   (n={b['n']}, load {single['load']} / {many['load']};"
            f" «khai sinh» finds {single['khai_sinh_total']} / {many['khai_sinh_total']})",
            flush=True,
        )


def analyze(vendor: str) -> None:
    """Fresh planner statistics after bulk writes (PostgreSQL; autovacuum would get there later)."""
    from django.db import connection

    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def worker(args: argparse.Namespace) -> None:
    """Everything after the build, in one Django process on the database of ``DATABASE_URL``."""
    import django

    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    django.setup()
    from django.db import connection

    from wagtail.models import Site

    from cms.models import CommuneSettings

    env = dict(os.environ)
    vendor = connection.vendor
    print(f"database: {vendor}; load average {os.getloadavg()[0]:.1f} (2 cores shared with other work)", flush=True)
    analyze(vendor)  # as bench/search.py does after filling: planner statistics of the fresh import
    procedure = first_procedure()
    targets = [("home", "/"), ("directory", DIRECTORY), ("procedure", procedure), ("news", NEWS)]
    before = storage_figures()
    print("before:", json.dumps(before), flush=True)

    # The single commune is measured again later, in turns with the many, on this copy.
    single_url = database_copy()
    single_env = {**env, "DATABASE_URL": single_url}

    added = args.communes - 1
    sites, seconds = communes_add(added)
    analyze(vendor)
    after = storage_figures()
    print("after: ", json.dumps(after), flush=True)
    ms = sorted(s * 1000 for s in seconds)
    print(
        f"add a commune ({added}): p50 {statistics.median(ms):.0f} ms, p95 {percentile(ms, 95):.0f} ms, "
        f"max {ms[-1]:.0f} ms, total {sum(ms) / 1000:.1f} s",
        flush=True,
    )
    growth = after["database_bytes"] - before["database_bytes"]
    print(
        f"storage per added commune: {growth / added / 1024:.1f} KiB of database "
        f"({growth / 1024 / 1024:.2f} MiB for {added}); pages {before['pages']} -> {after['pages']}",
        flush=True,
    )
    for key in ("procedure_pages", "procedure_text_bytes", "procedure_revisions", "procedure_revision_bytes"):
        verdict = "unchanged" if before[key] == after[key] else "GREW"
        print(f"  {key}: {before[key]} -> {after[key]} ({verdict})", flush=True)

    observed = sites[min(OBSERVED, len(sites) + 1) - 2]  # #1 is the demo's commune
    code = CommuneSettings.for_site(observed).commune_code
    host = commune_host(code)
    rank = sites.index(observed) + 2
    print(f"commune #{rank} of {args.communes}: {observed.site_name} at {host}", flush=True)
    print(f"  its home page names it: {commune_page_check(host, CommuneSettings.for_site(observed).commune_name)}")
    # In turns: the single commune (the copy), commune #57 of the many, and the demo commune again,
    # now one of the many (the same content as the single commune: #57 has no articles yet).
    single, many, same = "1 commune", f"#{rank} of {args.communes}", f"#1 of {args.communes}"
    try:
        pages = pages_interleaved(
            {single: (single_env, SINGLE_HOST), many: (env, host), same: (env, SINGLE_HOST)},
            targets,
            requests=args.requests,
            concurrency=args.concurrency,
            chunks=args.turns,
        )
        searched = search_interleaved(single_env, [host, SINGLE_HOST], args.rounds)
    finally:
        database_copy_drop(single_url)
    print(
        f"pages, gunicorn 2 workers, page cache off, {args.concurrency} clients, {args.requests} requests per URL"
        f" in {args.turns} turns per side, ms:"
    )
    _print_pages(pages[single], pages[many], many)
    _print_pages(pages[single], pages[same], same)
    print(f"search, {args.rounds} rounds in turns (after one warm-up round each), ms:")
    single_search = searched[f"{SINGLE_HOST} (1 commune)"]
    _print_search(single_search, searched[host], many)
    _print_search(single_search, searched[SINGLE_HOST], same)

    started = time.perf_counter()
    all_sites = list(Site.objects.order_by("pk"))
    made = dossiers_make(args.dossiers, all_sites)
    analyze(vendor)
    print(f"{made} dossiers over {len(all_sites)} communes in {time.perf_counter() - started:.1f} s", flush=True)
    list_phase(args, observed, rank, vendor)


def list_phase(args: argparse.Namespace, observed, rank: int, vendor: str) -> None:
    officer = officer_make(observed)
    for patch_scope in {"now": (False,), "patched": (True,)}.get(args.scope, (False, True)):
        title = (
            "list limited to the officer's commune by this run (staff_scope on DossierAdmin.get_queryset)"
            if patch_scope
            else "list as the officer sees it (DossierAdmin.get_queryset limits it to the officer's communes)"
        )
        print(
            f"officers' list as an officer of commune #{rank}, {title}; page cache off, {args.list_rounds} rounds, ms:"
        )
        rows = dossier_list_figures(officer, observed, rounds=args.list_rounds, term=args.term, patch_scope=patch_scope)
        for row in rows[:3] if patch_scope else rows:
            print(
                f"  {row['name']:<38} p50 {row['p50']:>7} p95 {row['p95']:>7} max {row['max']:>7}"
                f"   {row['queries']} queries, {row['rows']} dossiers listed"
                + (f"; p50 CPU {row['cpu_p50']}, SQL {row['sql_p50']}" if "cpu_p50" in row else ""),
                flush=True,
            )
            if args.explain:
                for ms, sql in row["slowest"]:
                    print(f"      {ms:>7} ms  {sql[:300]}")
                if vendor == "postgresql" and row["slowest"]:
                    print("      " + explain(row["slowest"][0][1]).replace("\n", "\n      "))
    print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]}")


def list_only(args: argparse.Namespace) -> None:
    """The officers' list again on the database a full run left (PostgreSQL: DATABASE_URL)."""
    import django

    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    django.setup()
    from django.db import connection

    from wagtail.models import Site

    sites = list(Site.objects.order_by("pk"))
    observed = sites[min(OBSERVED, len(sites)) - 1]
    print(f"database: {connection.vendor}; {len(sites)} communes; load average {os.getloadavg()[0]:.1f}", flush=True)
    list_phase(args, observed, sites.index(observed) + 1, connection.vendor)


def build(env: dict[str, str], *, quick: bool) -> None:
    started = time.perf_counter()
    page_bench.manage(env, "migrate", "--no-input")
    page_bench.manage(env, "load_demo", "--without-debug")
    if not quick:
        page_bench.manage(env, "import_procedures", str(CATALOGUE))
    page_bench.manage(env, "collectstatic", "--no-input")
    print(
        f"built the demo commune{'' if quick else ' with the 588-procedure catalogue'}"
        f" in {time.perf_counter() - started:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--dossiers", type=int, default=100_000)
    # Many short turns: a p95 of a few milliseconds on a shared machine moves with every burst of
    # its neighbours' load; the more turns, the more alike each side's share of the bursts.
    parser.add_argument("--rounds", type=int, default=20, help="search rounds after a warm-up (bench/search.py)")
    parser.add_argument("--turns", type=int, default=10, help="turns per side of each page's requests")
    parser.add_argument("--list-rounds", type=int, default=40, help="requests of each officers' list URL")
    parser.add_argument("--requests", type=int, default=300, help="requests per page URL (bench/pages.py)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--term", default="Trần Thị", help="the search term of the officers' list")
    parser.add_argument(
        "--scope", choices=["now", "patched", "both"], default="now", help="which officers' lists to measure"
    )
    parser.add_argument("--explain", action="store_true", help="the officers' list's slowest queries (and plans)")
    parser.add_argument("--quick", action="store_true", help="a small smoke run (demo catalogue, 4 communes)")
    parser.add_argument(
        "--list-only", action="store_true", help="only the officers' list, on the database of a previous run"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--search-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.communes, args.dossiers, args.rounds = min(args.communes, 4), min(args.dossiers, 400), 1
        args.list_rounds, args.requests, args.turns = min(args.list_rounds, 3), min(args.requests, 10), 2
    if args.search_child:
        search_child()
        return
    if args.worker:
        (list_only if args.list_only else worker)(args)
        return
    if args.communes < 2:
        raise SystemExit("--communes must be at least 2")
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-province-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'province.sqlite3'}"
    env = bench_env(workdir, ALLOWED_HOSTS=f"{SINGLE_HOST},localhost,.localhost", PAGE_CACHE_ENABLED="0")
    env["DATABASE_URL"] = database_url
    try:
        print(f"Building in {workdir} on {database_url.split('://')[0]}", flush=True)
        if args.list_only:
            if not os.environ.get("DATABASE_URL"):
                raise SystemExit("--list-only measures the database of a previous run: give its DATABASE_URL")
            page_bench.manage(env, "collectstatic", "--no-input")
        else:
            build(env, quick=args.quick)
        subprocess.run([PYTHON, __file__, "--worker", *sys.argv[1:]], env=env, cwd=ROOT, check=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
