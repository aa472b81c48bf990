"""Smoke test of bench/province.py (issue #17): its in-process steps on the test database, small.

No timing is asserted; what is checked is that the steps run and that their figures say what the
benchmark claims (communes added share the catalogue, dossiers spread over the communes).
"""

import importlib.util
from pathlib import Path

import pytest

from forms.models import Dossier

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def province():
    spec = importlib.util.spec_from_file_location("bench_province", BENCH / "province.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_quick_steps_run_and_share_the_catalogue(province, two_communes):
    before = province.storage_figures()
    sites, seconds = province.communes_add(2)
    after = province.storage_figures()

    # The first two wards of Lâm Đồng (province 68) in the official list, at xa-<code>.localhost.
    assert [site.hostname for site in sites] == ["xa-24781.localhost", "xa-24787.localhost"]
    assert len(seconds) == 2
    # Each commune adds its home, directory and news pages and three standard pages (one-stop
    # counter, contact, personal data); the national text is not copied.
    assert after["pages"] == before["pages"] + 2 * 6
    for key in ("procedure_pages", "procedure_text_bytes", "procedure_revisions", "procedure_revision_bytes"):
        assert after[key] == before[key], key
    assert before["procedure_pages"] == 1
    assert before["procedure_text_bytes"] > 0

    all_sites = [two_communes.a, two_communes.b, *sites]
    assert province.dossiers_make(120, all_sites, batch=50) == 120
    assert Dossier.objects.count() == 120
    assert Dossier.objects.filter(site=None).count() == 0
    assert Dossier.objects.exclude(due_date=None).exists() and Dossier.objects.filter(due_date=None).exists()

    officer = province.officer_make(sites[0])
    rows = province.dossier_list_figures(officer, sites[0], rounds=1, term="Trần")
    by_name = {row["name"]: row for row in rows}
    assert list(by_name) == [
        "list, first page",
        "list, status filter",
        "list, search term",
        "scoped query alone (50 rows + count)",
    ]
    # The scoped query counts the officer's commune only.
    own = Dossier.objects.filter(site=sites[0]).count()
    assert by_name["scoped query alone (50 rows + count)"]["rows"] == own
    assert by_name["scoped query alone (50 rows + count)"]["queries"] == 2

    # With the run's scoping patch the list itself shows the officer's commune only.
    scoped_rows = province.dossier_list_figures(officer, sites[0], rounds=1, term="Trần", patch_scope=True)
    assert scoped_rows[0]["rows"] == own


@pytest.mark.django_db
def test_search_figures_for_a_commune_by_host(province, two_communes):
    figures = province.search_figures("hamthuanbac.test", 1, queries=["khai sinh", "kết hôn"])

    assert figures["queries.tsv"]["n"] == 2
    assert figures["broad"]["n"] == len(province.search_bench.BROAD)
