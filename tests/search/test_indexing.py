"""The index follows Wagtail: publish, unpublish, move, delete, snippet renames, full rebuild."""

from io import StringIO

import pytest

from django.core.management import call_command

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
