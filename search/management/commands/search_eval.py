"""Measure search relevance and latency on a throw-away database.

    python manage.py search_eval                       # public and development sets, fast
    python manage.py search_eval --queries search/data/eval/heldout.tsv --pages

The corpus defaults to the 588 commune-level records kept in the repository
(tests/data/tthc/cap_xa.jsonl.gz) and the query sets to search/data/eval/public.tsv (the public
regression set), dev.tsv (the development half of the set written from the citizen's side) and
dev2.tsv (a second development set written the same way).
heldout.tsv is scored only when named. Each set is reported per kind: MRR@10, hit@1, hit@5; a
``nomatch`` query (no codes) counts as right when the API says nothing matches well.

The corpus is imported (``cms.services.procedures_import``, which publishes every page and so
indexes it) into a fresh database created the way Django's test runner does it — a temporary
SQLite file, or ``test_<name>`` on PostgreSQL — which is destroyed afterwards; the developer's
database is never touched. Every query then goes through GET /api/search.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings

from search.evaluation import EVAL_DIR, evaluate, read_queries, records_index

CORPUS = Path(__file__).resolve().parents[3] / "tests" / "data" / "tthc" / "cap_xa.jsonl.gz"


def site_make():
    """Create the home page and procedure directory of the throw-away site; return the directory."""
    from wagtail.models import Page, Site

    from cms.models import HomePage, ProcedureIndexPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="UBND xã", slug="trang-chu"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "UBND xã"}
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home.add_child(instance=ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc-hanh-chinh"))


def corpus_import(path: str | Path) -> int:
    """Import the catalogue file at ``path`` under a new procedure directory; return how many imported."""
    from cms.importer import read_records
    from cms.services import procedures_import

    result = procedures_import(records=read_records(path), parent=site_make())
    return result.created + result.updated


class Command(BaseCommand):
    help = "Import a corpus into a throw-away database and print MRR@10, hit@1, hit@5 and latency."

    def add_arguments(self, parser):
        parser.add_argument("--corpus", default=str(CORPUS), help="jsonl, jsonl.gz or xlsx catalogue file")
        parser.add_argument(
            "--queries",
            nargs="+",
            default=[str(EVAL_DIR / name) for name in ("public.tsv", "dev.tsv", "dev2.tsv")],
            help="one or more query sets (query, codes, kind)",
        )
        parser.add_argument(
            "--pages",
            action="store_true",
            help="import the corpus as published pages (slow) instead of indexing the parsed records",
        )
        parser.add_argument("--direct", action="store_true", help=argparse.SUPPRESS)  # the default now

    def handle(self, *args, corpus: str, queries, pages: bool = False, **options):
        queries = [queries] if isinstance(queries, str) else list(queries)
        for path in (corpus, *queries):
            if not Path(path).is_file():
                raise CommandError(f"Không tìm thấy tệp {path}")
        sets = {Path(path).name: read_queries(path) for path in queries}
        direct = not pages
        tmp = tempfile.TemporaryDirectory(prefix="search-eval-")
        if connection.vendor == "sqlite":
            connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(tmp.name) / "eval.sqlite3")
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            with override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False):
                started = time.perf_counter()
                count = records_index(corpus) if direct else corpus_import(corpus)
                how = "indexed straight from the parsed records" if direct else "imported as published pages"
                self.stdout.write(
                    f"{count} procedures {how} in {time.perf_counter() - started:.0f} s ({connection.vendor})"
                )
                client = Client()
                first = next(iter(sets.values()))
                evaluate(first[:3], client)  # warm caches so the first queries are not outliers
                reports = {name: evaluate(eval_queries, client) for name, eval_queries in sets.items()}
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            tmp.cleanup()
        for name, report in reports.items():
            self.stdout.write(f"== {name}")
            for line in report.lines():
                self.stdout.write(line)
