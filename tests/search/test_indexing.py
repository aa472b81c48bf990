"""The index follows Wagtail: publish, unpublish, move, delete, snippet renames, full rebuild."""

from io import StringIO

import pytest

from django.core.management import call_command
from django.db import transaction

from search.backends.embedded import EmbeddedBackend
from search.models import ProcedureIndexEntry, ProcedureIndexFacet
from search.services import procedure_index_rebuild, procedure_index_remove, procedure_index_update, procedure_search
from tests.factories import agency_make, home_page_make, procedure_make, sector_make

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return [hit.code for hit in procedure_search(query).hits]


def test_publish_indexes(procedure_index):
    page = procedure_make(title="Đăng ký khai sinh", code="1.001193")
    assert found("khai sinh") == ["1.001193"]
    entry = ProcedureIndexEntry.objects.get(page_id=page.pk)
    assert entry.url == page.get_url()
    assert ProcedureIndexFacet.objects.filter(entry=entry, name="sector").exists()


def test_publishing_a_new_revision_updates_the_entry(procedure_index):
    page = procedure_make(title="Đăng ký khai sinh", code="1.001193")
    page.title = "Đăng ký khai sinh lưu động"
    page.save_revision().publish()
    assert procedure_search("lưu động").hits[0].title == "Đăng ký khai sinh lưu động"
    assert ProcedureIndexEntry.objects.count() == 1


def test_draft_changes_do_not_reach_the_index(procedure_index):
    page = procedure_make(title="Đăng ký khai sinh", code="1.001193")
    page.title = "Tiêu đề nháp chưa duyệt"
    page.save_revision()  # saved, not published
    assert found("nháp") == []
    assert found("khai sinh") == ["1.001193"]


def test_unpublish_removes_and_never_shows(procedure_index):
    page = procedure_make(title="Đăng ký khai sinh", code="1.001193")
    page.unpublish()
    assert found("khai sinh") == []
    assert not ProcedureIndexEntry.objects.filter(page_id=page.pk).exists()
    procedure_index_rebuild()
    assert found("khai sinh") == []


def test_unpublished_page_is_never_indexed_by_update(procedure_index):
    page = procedure_make(title="Đăng ký khai sinh", code="1.001193")
    page.unpublish()
    procedure_index_update(page=page)
    assert found("khai sinh") == []


def test_delete_removes(procedure_index):
    page = procedure_make(title="Đăng ký khai sinh", code="1.001193")
    page.delete()
    assert found("khai sinh") == []
    assert ProcedureIndexEntry.objects.count() == 0
    assert ProcedureIndexFacet.objects.count() == 0


def test_deleting_the_directory_removes_its_procedures(procedure_index):
    procedure_make(title="Đăng ký khai sinh", code="1.001193")
    procedure_index.delete()
    assert ProcedureIndexEntry.objects.count() == 0


def test_move_updates_the_url(procedure_index):
    from cms.models import ProcedureIndexPage

    page = procedure_make(title="Đăng ký khai sinh", code="1.001193")
    other = home_page_make().add_child(instance=ProcedureIndexPage(title="Thủ tục khác", slug="thu-tuc-khac"))
    page.move(other, pos="last-child")
    assert procedure_search("khai sinh").hits[0].url == "/thu-tuc-khac/" + page.slug + "/"


def test_moving_the_directory_updates_its_procedures(procedure_index):
    from cms.models import StandardPage

    page = procedure_make(title="Đăng ký khai sinh", code="1.001193")
    home = home_page_make()
    holder = home.add_child(instance=StandardPage(title="Dịch vụ", slug="dich-vu"))
    procedure_index.refresh_from_db()
    procedure_index.move(holder, pos="last-child")
    assert procedure_search("khai sinh").hits[0].url == f"/dich-vu/thu-tuc-hanh-chinh/{page.slug}/"


def test_renaming_a_sector_updates_labels(procedure_index):
    sector = sector_make("Hộ tịch")
    procedure_make(title="Đăng ký khai sinh", sector=sector)
    sector.name = "Hộ tịch – Tư pháp"
    sector.save()
    assert procedure_search("khai sinh").hits[0].sector == "Hộ tịch – Tư pháp"


def test_renaming_an_agency_updates_facet_labels(procedure_index):
    procedure_make(title="Đăng ký khai sinh")  # implemented by the default agency
    agency = agency_make()
    agency.name = "Ủy ban nhân dân xã Hàm Chính"
    agency.save()
    labels = [v.label for v in procedure_search("khai sinh").facets["agency"]]
    assert labels == ["Ủy ban nhân dân xã Hàm Chính"]


def test_rebuild_command_restores_a_lost_index(procedure_index):
    procedure_make(title="Đăng ký khai sinh", code="1.001193")
    procedure_make(title="Đăng ký kết hôn", code="1.000894")
    EmbeddedBackend().clear()
    assert found("đăng ký") == []
    out = StringIO()
    call_command("rebuild_procedure_index", stdout=out)
    assert "2 thủ tục" in out.getvalue()
    assert sorted(found("đăng ký")) == ["1.000894", "1.001193"]
    call_command("rebuild_procedure_index", stdout=StringIO())  # repeatable
    assert ProcedureIndexEntry.objects.count() == 2


def test_remove_ignores_unknown_ids(db):
    procedure_index_remove(page_ids=[987654])
    procedure_index_remove(page_ids=[])
    assert ProcedureIndexEntry.objects.count() == 0


def full_text_ids() -> dict[str, set[int]]:
    """The ids in each full-text table beside the entries: SQLite's FTS5 tables, PostgreSQL's
    document table (migration 0011)."""
    from django.db import connection

    from search.backends import embedded

    sqlite = connection.vendor == "sqlite"
    found = {}
    with connection.cursor() as cursor:
        for table in embedded.FTS_TABLES if sqlite else (embedded.DOCUMENT,):
            cursor.execute(f"SELECT {'rowid' if sqlite else 'page_id'} FROM {table}")
            found[table] = {row[0] for row in cursor.fetchall()}
    return found


def test_the_full_text_rows_follow_the_entries_and_none_is_left_behind(procedure_index):
    pages = [procedure_make(title=title) for title in ("Đăng ký khai sinh", "Đăng ký kết hôn", "Đăng ký khai tử")]
    pages[0].title = "Đăng ký khai sinh lưu động"
    pages[0].save_revision().publish()  # written again: one row each, not two
    entries = set(ProcedureIndexEntry.objects.values_list("page_id", flat=True))
    assert entries == {page.pk for page in pages}
    assert all(ids == entries for ids in full_text_ids().values())
    pages[1].unpublish()
    assert all(ids == entries - {pages[1].pk} for ids in full_text_ids().values())
    assert found("kết hôn") == []
    EmbeddedBackend().clear()
    assert all(ids == set() for ids in full_text_ids().values())


def test_what_is_written_is_merged_into_the_gin_indexes_at_once(procedure_index):
    """A GIN index keeps new rows in a pending list that every search reads through until
    autovacuum merges it; the backend merges it after each write (PostgreSQL)."""
    from django.db import connection
    from django.db.utils import DatabaseError

    from search.backends import embedded

    if connection.vendor != "postgresql":
        pytest.skip("GIN indexes are PostgreSQL's")
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple")
        except DatabaseError:
            pytest.skip("the pgstattuple extension is not installed")
        procedure_make(title="Đăng ký khai sinh")
        procedure_make(title="Đăng ký kết hôn")
        for name in embedded.GIN_INDEXES:
            cursor.execute("SELECT pending_tuples FROM pgstatginindex(CAST(%s AS regclass))", [name])
            assert cursor.fetchone()[0] == 0, name
    assert len(found("đăng ký")) == 2
