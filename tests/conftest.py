"""Fixtures shared by the whole suite."""

import pytest

from tests import factories


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
