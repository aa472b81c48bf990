"""procedure_upsert and procedures_import: create, update in place, unchanged runs, poorer sources."""

import dataclasses
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from wagtail.documents.models import Document as WagtailDocument
from wagtail.models import ReferenceIndex, Revision

from cms.importer import ProcedureData, parse_record, read_records
from cms.models import Agency, Audience, ProcedurePage, Sector
from cms.services import procedure_upsert, procedures_import, slug_for
from tests import factories

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def sample() -> dict[str, dict]:
    return {raw["ma_thu_tuc"]: raw for raw in read_records(DATA / "catalogue_sample.jsonl")}


def revisions(page) -> int:
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


def test_upsert_creates_a_published_page_with_every_section(procedure_index, sample):
    data = parse_record(sample["1.003583"])
    editor = get_user_model().objects.create_user("bientap", password="x")

    page, created = procedure_upsert(data=data, parent=procedure_index, user=editor)

    assert created
    page = ProcedurePage.objects.get(pk=page.pk)
    assert page.live and not page.has_unpublished_changes
    assert page.get_parent().specific == procedure_index
    assert page.live_revision.user == editor
    assert page.code == "1.003583" and page.title == "Thủ tục đăng ký khai sinh lưu động"
    assert page.slug == "thu-tuc-dang-ky-khai-sinh-luu-dong"
    assert page.sector.name == "Hộ tịch"
    # The catalogue writes "Ủy ban Nhân dân xã, phường, thị trấn." (cms.text.unit_name_case).
    assert [a.name for a in page.agencies.all()] == ["Ủy ban nhân dân xã, phường, thị trấn"]
    assert [a.name for a in page.audiences.all()] == ["Công dân Việt Nam"]
    assert [b.value["kind"] for b in page.channels] == ["in_person"]
    assert page.processing_days == 5 and page.processing_time == "5 ngày làm việc" and page.fees == "Miễn phí"
    assert [s.value["title"] for s in page.steps] == [s.title for s in data.steps]
    assert len(page.legal_basis) == len(data.legal_basis) > 10
    documents = list(page.required_documents.all())
    assert [(d.group, d.name, d.quantity, d.is_required) for d in documents] == [
        (d.group, d.name, d.quantity, d.is_required) for d in data.documents
    ]
    assert page.result == "Giấy khai sinh"
    assert page.national_portal_url == sample["1.003583"]["detail_url"]
    assert page.online_mode == "none" and page.service_level == 1
    assert revisions(page) == 1


def test_second_upsert_with_the_same_data_writes_no_revision(procedure_index, sample):
    data = parse_record(sample["1.002755"])
    page, _ = procedure_upsert(data=data, parent=procedure_index)

    again, created = procedure_upsert(data=parse_record(sample["1.002755"]), parent=procedure_index)

    assert not created and again.pk == page.pk
    assert revisions(page) == 1
    assert ProcedurePage.objects.filter(code="1.002755").count() == 1


def test_changed_data_updates_in_place_through_a_new_revision(procedure_index, sample):
    data = parse_record(sample["1.002755"])
    page, _ = procedure_upsert(data=data, parent=procedure_index)
    changed = dataclasses.replace(
        data,
        title="Gia hạn tạm trú (sửa đổi)",
        fees="Miễn phí",
        documents=data.documents[:1],
        audience_names=["Công dân Việt Nam"],
    )

    updated, created = procedure_upsert(data=changed, parent=procedure_index)

    assert not created and updated.pk == page.pk
    page = ProcedurePage.objects.get(pk=page.pk)
    assert page.title == "Gia hạn tạm trú (sửa đổi)" and page.fees == "Miễn phí"
    assert page.slug == "gia-han-tam-tru"  # links keep working
    assert page.required_documents.count() == 1
    assert [a.name for a in page.audiences.all()] == ["Công dân Việt Nam"]
    assert page.live and revisions(page) == 2
    assert ProcedurePage.objects.filter(code="1.002755").count() == 1


def test_poorer_source_keeps_the_richer_fields(procedure_index):
    """The xlsx export only has code, name, agencies and sector; the rest stays as imported."""
    rich = {raw["ma_thu_tuc"]: raw for raw in read_records(DATA / "toa_an.jsonl")}
    page, _ = procedure_upsert(data=parse_record(rich["3.000164"]), parent=procedure_index)
    before = ProcedurePage.objects.get(pk=page.pk)
    row = next(r for r in read_records(DATA / "toa-an-nhan-dan.xlsx") if r["ma_thu_tuc"] == "3.000164")

    procedure_upsert(data=parse_record(row), parent=procedure_index)

    after = ProcedurePage.objects.get(pk=page.pk)
    assert after.required_documents.count() == before.required_documents.count() == 2
    assert list(after.legal_basis.raw_data) == list(before.legal_basis.raw_data)
    assert list(after.channels.raw_data) == list(before.channels.raw_data)
    assert after.processing_days == 1 and after.online_mode == "partial" and after.service_level == 3
    assert after.result == before.result and after.national_portal_url == before.national_portal_url
    # The export names other courts than the crawl: the richer record's agencies stay (issue 15).
    assert [a.name for a in after.agencies.all()] == [a.name for a in before.agencies.all()]
    assert revisions(after) == 1


def test_new_page_from_a_poor_source_gets_defaults(procedure_index):
    row = next(iter(read_records(DATA / "toa-an-nhan-dan.xlsx")))

    page, created = procedure_upsert(data=parse_record(row), parent=procedure_index)

    assert created and page.live
    page.refresh_from_db()
    assert page.code == "3.000164" and page.sector.name == "Tòa án"
    assert page.service_level == 1 and page.online_mode == "none" and page.required_documents.count() == 0


def test_slugs_are_ascii_and_unique_among_siblings(procedure_index):
    first, _ = procedure_upsert(data=ProcedureData(code="1.000001", title="Đăng ký khai sinh"), parent=procedure_index)
    second, _ = procedure_upsert(data=ProcedureData(code="2.000002", title="Đăng ký khai sinh"), parent=procedure_index)

    assert first.slug == "dang-ky-khai-sinh"
    assert second.slug == "dang-ky-khai-sinh-2-000002"
    assert slug_for("Cấp Giấy xác nhận tình trạng hôn nhân đ") == "cap-giay-xac-nhan-tinh-trang-hon-nhan-d"
    assert len(slug_for("Thủ tục " * 40)) <= 80


def test_slug_taken_by_an_existing_page_is_avoided(procedure_index):
    factories.procedure_make(parent=procedure_index, title="Chứng thực bản sao", slug="chung-thuc-ban-sao")

    page, _ = procedure_upsert(data=ProcedureData(code="1.000003", title="Chứng thực bản sao"), parent=procedure_index)

    assert page.slug == "chung-thuc-ban-sao-1-000003"


def test_snippets_are_created_once_by_name(procedure_index):
    base = ProcedureData(
        code="1.000004",
        title="Thủ tục A",
        sector_name="Hộ tịch",
        agency_names=["Ủy ban nhân dân cấp xã"],
        audience_names=["Công dân Việt Nam"],
    )
    procedure_upsert(data=base, parent=procedure_index)
    # Case and spacing differ between records of the catalogue ("Công an cấp Xã" / "cấp xã").
    other = dataclasses.replace(base, code="1.000005", title="Thủ tục B", sector_name="hộ  tịch")
    procedure_upsert(data=other, parent=procedure_index)

    assert Sector.objects.filter(name="Hộ tịch").count() == 1
    assert Agency.objects.filter(name="Ủy ban nhân dân cấp xã").count() == 1
    assert Audience.objects.filter(name="Công dân Việt Nam").count() == 1
    assert Sector.objects.get(name="Hộ tịch").procedures.count() == 2


def test_agency_names_are_saved_with_one_capitalisation(procedure_index):
    data = ProcedureData(
        code="1.000006",
        title="Thủ tục C",
        agency_names=["Công an cấp Xã", "Bảo hiểm xã hội cấp Tỉnh", "UBND Xã"],
    )
    page, _ = procedure_upsert(data=data, parent=procedure_index)

    assert sorted(a.name for a in page.agencies.all()) == ["Bảo hiểm xã hội cấp tỉnh", "Công an cấp xã", "UBND xã"]


def test_template_file_attached_by_an_editor_survives_a_reimport(procedure_index, sample):
    data = parse_record(sample["1.000253"])
    page, _ = procedure_upsert(data=data, parent=procedure_index)
    template = WagtailDocument.objects.create(title="Mẫu NA17", file=ContentFile(b"mau", name="na17.doc"))
    document = page.required_documents.get()
    document.template = template
    document.save()
    changed = dataclasses.replace(data, fees="Miễn phí")

    procedure_upsert(data=changed, parent=procedure_index)

    assert ProcedurePage.objects.get(pk=page.pk).required_documents.get().template == template


def test_import_counts_and_skips_malformed_records(procedure_index, sample):
    good = [sample["1.000253"], sample["1.001766"]]
    records = [
        good[0],
        {"_line": 2, "ma_thu_tuc": "ABC", "ten_thu_tuc": "Sai mã"},
        {"_line": 3, "_error": "dòng không phải JSON hợp lệ (Expecting value)"},
        {"_line": 4, "ma_thu_tuc": "1.000999"},
        good[1],
    ]
    messages: list[str] = []

    result = procedures_import(records=records, parent=procedure_index, on_skip=messages.append)

    assert (result.created, result.updated, result.unchanged, result.skipped) == (2, 0, 0, 3)
    assert messages == [
        "Bỏ qua dòng 2, mã ABC: mã thủ tục «ABC» không đúng dạng 1.001193",
        "Bỏ qua dòng 3: dòng không phải JSON hợp lệ (Expecting value)",
        "Bỏ qua dòng 4, mã 1.000999: thiếu tên thủ tục (ten_thu_tuc)",
    ]
    assert str(result) == "Đã tạo: 2, cập nhật: 0, không đổi: 0, bỏ qua: 3"
    assert set(ProcedurePage.objects.values_list("code", flat=True)) == {"1.000253", "1.001766"}
    # Indexed once per page for the admin search, references recorded once per page.
    assert [p.code for p in ProcedurePage.objects.search("khai tử")] == ["1.001766"]
    assert ReferenceIndex.get_references_to(Sector.objects.get(name="Hộ tịch")).count() == 1


def test_repeated_import_is_unchanged_then_updated(procedure_index, sample):
    records = list(sample.values())
    first = procedures_import(records=records, parent=procedure_index)
    pages = ProcedurePage.objects.count()
    revision_count = Revision.objects.count()

    second = procedures_import(records=records, parent=procedure_index)
    edited = dict(sample["1.000253"], yeu_cau_dieu_kien="Điều kiện mới")
    third = procedures_import(records=[edited], parent=procedure_index)

    assert (first.created, first.skipped) == (24, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 24)
    assert ProcedurePage.objects.count() == pages == 24
    assert (third.updated, third.unchanged) == (1, 0)
    assert Revision.objects.count() == revision_count + 1
    assert ProcedurePage.objects.get(code="1.000253").conditions == "Điều kiện mới"
