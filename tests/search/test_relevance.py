"""Relevance over the real 588 commune-level records and the public query set: MRR@10 ≥ 0.95.

The records are indexed straight from the importer's parsed data (``records_index``) once for
the module: publishing 588 Wagtail pages takes minutes, and page → document is covered by the
other tests. ``manage.py search_eval`` runs the same evaluation after a full page import.
"""

import pytest

from django.test import Client

from search.evaluation import evaluate, read_queries, records_index
from tests.search.conftest import CORPUS, QUERIES

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.exists(), reason="catalogue records missing"),
]


@pytest.fixture(scope="module")
def indexed_corpus(django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        count = records_index(CORPUS)
        yield count
        transaction.set_rollback(True)


def test_relevance_on_the_commune_catalogue(indexed_corpus, db):
    assert indexed_corpus == 588
    report = evaluate(read_queries(QUERIES), Client())
    print("\n".join(report.lines()))
    assert report.overall.mrr >= 0.95
    assert report.overall.hit_at(5) >= 0.95
    for kind, scores in report.by_kind.items():
        assert scores.mrr >= 0.75, kind
