"""The admin import (upload, dry run, apply in the background with progress) and the proposed
updates list (difference, accept, dismiss), through Django's test client. Background tasks run
immediately under the test settings; the on-commit hook that enqueues them is executed here."""

from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.importer import parse_record, read_records
from cms.models import CatalogueImport, ImportStatus, ProcedurePage, ProcedureUpdateProposal, ProposalStatus
from cms.services import procedure_upsert, procedures_import

DATA = Path(__file__).parent / "data"


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("quantri", "quantri@example.com", "x")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def upload(client, path: Path, **extra):
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes()), **extra}
    return client.post(reverse("cms_catalogue_import_start"), data)


def test_upload_runs_a_dry_run_then_apply_imports(admin_client, procedure_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(admin_client, DATA / "toa_an.jsonl")
    run = CatalogueImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("cms_catalogue_import", args=[run.pk])
    assert run.status == ImportStatus.PREVIEWED and (run.processed, run.total) == (3, 3)
    assert run.preview["counts"]["created"] == 3 and not ProcedurePage.objects.exists()

    page = admin_client.get(response.url).content.decode()
    assert "Kết quả chạy thử (chưa ghi gì)" in page
    assert '<th scope="row">Tạo mới</th><td>3</td>' in page
    assert "Áp dụng" in page

    with django_capture_on_commit_callbacks(execute=True):
        applied = admin_client.post(reverse("cms_catalogue_import_apply", args=[run.pk]))
    assert applied.url == reverse("cms_catalogue_import", args=[run.pk])
    applied = admin_client.get(applied.url)
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE and run.result["counts"]["created"] == 3
    assert ProcedurePage.objects.live().count() == 3
    assert "Kết quả nhập" in applied.content.decode()
    assert admin_client.get(reverse("cms_catalogue_import_status", args=[run.pk])).json() == {
        "status": "done",
        "label": "Hoàn tất",
        "processed": 3,
        "total": 3,
        "percent": 100,
        "finished": True,
        "error": "",
    }
    # An import is applied once.
    again = admin_client.post(reverse("cms_catalogue_import_apply", args=[run.pk]), follow=True)
    assert "Chỉ áp dụng được lượt nhập đã xem trước xong và chưa áp dụng." in again.content.decode()


def test_a_broken_file_fails_with_its_one_line(
    admin_client, procedure_index, tmp_path, django_capture_on_commit_callbacks
):
    broken = tmp_path / "danh-sach.xlsx"
    broken.write_bytes(b"\x00\x01 not a workbook")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(admin_client, broken)

    run = CatalogueImport.objects.get()
    assert run.status == ImportStatus.FAILED
    assert run.error == "Không đọc được tệp danh-sach.xlsx: không phải tệp Excel .xlsx hợp lệ."
    assert run.error in admin_client.get(response.url).content.decode()


def test_other_file_types_are_refused_at_upload(admin_client, procedure_index, tmp_path):
    other = tmp_path / "danh-sach.csv"
    other.write_text("x")

    response = upload(admin_client, other)

    assert response.status_code == 200
    assert "Chỉ nhận tệp .jsonl, .jsonl.gz hoặc .xlsx." in response.content.decode()
    assert not CatalogueImport.objects.exists()


def test_an_editor_without_publishing_rights_cannot_import(client, procedure_index):
    editor = get_user_model().objects.create_user("bientap", password="x")
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    client.force_login(editor)

    assert "chỉ người có quyền xuất bản thủ tục" in client.get(reverse("cms_catalogue_import_start")).content.decode()
    refused = upload(client, DATA / "toa_an.jsonl")  # Wagtail turns the refusal into a redirect home
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    assert not CatalogueImport.objects.exists()


def test_proposals_show_the_difference_and_are_accepted_or_dismissed(admin_client, admin_user, procedure_index):
    sample = {raw["ma_thu_tuc"]: raw for raw in read_records(DATA / "catalogue_sample.jsonl")}
    pages = {}
    for code in ("1.002755", "1.000253"):
        page, _ = procedure_upsert(data=parse_record(sample[code]), parent=procedure_index)
        page = ProcedurePage.objects.get(pk=page.pk)
        page.fees = "Xã miễn phí cho người cao tuổi"
        page.save_revision(user=admin_user).publish(user=admin_user)
        pages[code] = page
    changed = [dict(sample[code], cach_thuc_thuc_hien=sample["1.001766"]["cach_thuc_thuc_hien"]) for code in pages]
    procedures_import(records=changed, parent=procedure_index)
    first, second = ProcedureUpdateProposal.objects.order_by("page__code")

    listing = admin_client.get(reverse("cms_proposals")).content.decode()
    assert "Đề xuất cập nhật từ danh mục quốc gia" in listing
    assert '<del class="proposal-diff__old">− Xã miễn phí cho người cao tuổi</del>' in listing
    assert '<ins class="proposal-diff__new">+ Miễn phí (Mức lệ phí cụ thể' in listing

    accepted = admin_client.post(reverse("cms_proposal_decide", args=[first.pk, "accept"]), follow=True)
    dismissed = admin_client.post(reverse("cms_proposal_decide", args=[second.pk, "dismiss"]), follow=True)

    assert "Đã cập nhật «Phí, lệ phí» của" in accepted.content.decode()
    assert "Đã giữ nội dung của xã cho «Phí, lệ phí»" in dismissed.content.decode()
    assert ProcedurePage.objects.get(code="1.000253").fees.startswith("Miễn phí (Mức lệ phí cụ thể")
    assert ProcedurePage.objects.get(code="1.002755").fees == "Xã miễn phí cho người cao tuổi"
    assert set(ProcedureUpdateProposal.objects.values_list("status", flat=True)) == {
        ProposalStatus.ACCEPTED,
        ProposalStatus.DISMISSED,
    }
    assert "Không có đề xuất nào đang chờ." in dismissed.content.decode()


def test_the_admin_menu_offers_the_import_and_counts_waiting_proposals(admin_user, procedure):
    from django.test import RequestFactory

    from wagtail.admin.menu import admin_menu

    request = RequestFactory().get("/admin/")
    request.user = admin_user
    items = {item.name: item for item in admin_menu.menu_items_for_request(request)}
    assert items["nhap-danh-muc"].url == reverse("cms_catalogue_import_start")
    proposals = items["de-xuat-cap-nhat"]
    assert proposals.url == reverse("cms_proposals")
    assert proposals.render_component(request).label == "Đề xuất cập nhật"
    ProcedureUpdateProposal.objects.create(page=procedure, field="fees", new_value="x", new_hash="x")
    assert proposals.render_component(request).label == "Đề xuất cập nhật (1)"


def test_import_menu_item_is_shown_only_to_those_who_may_import(rf, home):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from cms.wagtail_hooks import catalogue_import_menu_item

    item = catalogue_import_menu_item()
    request = rf.get("/admin/")
    request.user = get_user_model().objects.create_user("khach", password="x")
    assert not item.is_shown(request)
    request.user = AnonymousUser()
    assert not item.is_shown(request)
    request.user = get_user_model().objects.create_superuser("quantri-cao", "q@xa.vn", "x")
    assert item.is_shown(request)


# -- many communes, one catalogue (issue #17) ----------------------------------------------------


def staff_of(site, role: str, username: str):
    """A member of the group ``commune_add`` made for ``site`` and ``role`` (default site: that name)."""
    from tests import factories

    user = get_user_model().objects.create_user(username, password="x")
    user.groups.add(factories.commune_group(site, role))
    return user


def menu_names(user) -> set[str]:
    from django.test import RequestFactory

    from wagtail.admin.menu import admin_menu

    request = RequestFactory().get("/admin/")
    request.user = user
    return {item.name for item in admin_menu.menu_items_for_request(request)}


def refused(response) -> bool:
    """403, or Wagtail's admin turning the refusal into a redirect to its home page."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


@pytest.mark.parametrize("role", ["Biên tập viên", "Người kiểm duyệt"])
def test_another_communes_staff_cannot_change_the_shared_catalogue(client, two_communes, role):
    proposal = ProcedureUpdateProposal.objects.create(
        page=two_communes.procedure, field="fees", new_value="Miễn phí", new_hash="x"
    )
    user = staff_of(two_communes.b, role, "canbo_htb")
    client.force_login(user)

    assert refused(client.get(reverse("cms_catalogue_import_start")))
    assert refused(upload(client, DATA / "toa_an.jsonl"))
    assert refused(client.get(reverse("cms_proposals")))
    assert refused(client.post(reverse("cms_proposal_decide", args=[proposal.pk, "accept"])))
    assert not {"nhap-danh-muc", "de-xuat-cap-nhat"} & menu_names(user)
    assert not CatalogueImport.objects.exists()
    assert ProcedureUpdateProposal.objects.get(pk=proposal.pk).status == ProposalStatus.PENDING


def test_the_default_communes_staff_still_keep_the_shared_catalogue(client, two_communes):
    editor = staff_of(two_communes.a, "Biên tập viên", "bientap_hl")
    moderator = staff_of(two_communes.a, "Người kiểm duyệt", "kiemduyet_hl")
    client.force_login(editor)

    assert client.get(reverse("cms_catalogue_import_start")).status_code == 200
    assert client.get(reverse("cms_proposals")).status_code == 200
    assert "de-xuat-cap-nhat" in menu_names(editor)
    assert {"nhap-danh-muc", "de-xuat-cap-nhat"} <= menu_names(moderator)
