"""Fixtures shared by the whole suite."""

import pytest

from django.core.cache import caches

from tests import factories


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test starts with empty caches: a page stored by one test must not answer another."""
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture
def home(db):
    return factories.home_page_make()


@pytest.fixture
def procedure_index(home):
    return factories.procedure_index_make(home=home)


@pytest.fixture
def article_index(home):
    return factories.article_index_make(home=home)


@pytest.fixture
def procedure(procedure_index):
    return factories.procedure_make(parent=procedure_index)
