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


@pytest.fixture
def private_root(tmp_path):
    """A private storage of its own for the test, so a test can look at every file in it."""
    from forms.files.storage import PrivateStorage, private_storage

    private_storage._setup()
    previous = private_storage._wrapped
    root = tmp_path / "private"
    root.mkdir(mode=0o700)
    private_storage._wrapped = PrivateStorage(location=root)
    yield root
    private_storage._wrapped = previous


def private_files(root) -> list[str]:
    """Every file under ``root``, relative, sorted."""
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())
