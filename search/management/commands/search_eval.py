"""Measure search relevance and latency on a throw-away database.

    python manage.py search_eval --corpus ../shared/data/tthc/cap_xa.jsonl \
        --queries ../shared/search-eval/queries.tsv

The corpus is imported (``cms.services.procedures_import``, which publishes every page and so
indexes it) into a fresh database created the way Django's test runner does it — a temporary
SQLite file, or ``test_<name>`` on PostgreSQL — which is destroyed afterwards; the developer's
database is never touched. Every query then goes through GET /api/search.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings

from search.evaluation import evaluate, read_queries, records_index


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
        parser.add_argument("--corpus", required=True, help="jsonl, jsonl.gz or xlsx catalogue file")
        parser.add_argument("--queries", required=True, help="queries.tsv (query, codes, kind)")
        parser.add_argument(
            "--direct",
            action="store_true",
            help="fill the search index straight from the parsed records instead of creating pages (fast)",
        )

    def handle(self, *args, corpus: str, queries: str, direct: bool = False, **options):
        for path in (corpus, queries):
            if not Path(path).is_file():
                raise CommandError(f"Không tìm thấy tệp {path}")
        eval_queries = read_queries(queries)
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
                evaluate(eval_queries[:3], client)  # warm caches so the first queries are not outliers
                report = evaluate(eval_queries, client)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            tmp.cleanup()
        for line in report.lines():
            self.stdout.write(line)
