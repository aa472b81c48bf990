"""Fixtures shared by the whole suite."""

import pytest

from tests import factories
from tests.caching import caches_clear


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test starts with empty caches: a page stored by one test must not answer another."""
    caches_clear()


def _memo_passthrough(key, compute, *, bounded: bool = False):
    return compute()


@pytest.fixture
def memo_off(monkeypatch, settings):
    """Neither the page cache nor the worker's memos: every request renders from the database.

    The memos switched off are ``cms.cache.generation_memo`` (wherever it was imported) and the
    embedded search backend's per-generation state (``search.backends.embedded._states``) and
    the articles' folded texts (``search.services._article_texts``).
    Query budgets measured under this fixture are what a cold render costs.
    """
    import sys

    from cms import cache as page_cache
    from search import services
    from search.backends import embedded

    settings.PAGE_CACHE_ENABLED = False
    original = page_cache.generation_memo
    for module in list(sys.modules.values()):
        if vars(module).get("generation_memo") is original:
            monkeypatch.setattr(module, "generation_memo", _memo_passthrough)

    def fresh_state(cursor, _real=embedded._index_state):
        embedded._states["current"] = {"generation": None}
        return _real(cursor)

    monkeypatch.setattr(embedded, "_index_state", fresh_state)

    def fresh_article_texts(_real=services._article_texts_current):
        services._article_texts.update(key=None, texts=[])
        return _real()

    monkeypatch.setattr(services, "_article_texts_current", fresh_article_texts)
    caches_clear()


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


@pytest.fixture
def two_communes(procedure):
    """Two communes sharing one catalogue (issue #17): ``a`` the default site at localhost (with its
    "Hàm Liêm" settings), ``b`` xã Hàm Thuận Bắc at hamthuanbac.test; ``procedure`` is shared."""
    from types import SimpleNamespace

    from wagtail.models import Site

    from cms.models import CommuneSettings

    site_a = Site.objects.get(is_default_site=True)
    settings_a = CommuneSettings.for_site(site_a)
    settings_a.commune_name, settings_a.commune_code = "Xã Hàm Liêm", "23098"
    settings_a.save()
    site_b = factories.commune_make()
    return SimpleNamespace(a=site_a, b=site_b, procedure=procedure)


# A real S3-compatible server (moto) for the object-storage tests (issue #17): tests/objectstorage.py.
from tests.objectstorage import object_storage, s3_server  # noqa: E402, F401
