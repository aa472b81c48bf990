"""Documents kept in the account (accounts.SavedDocument): saving, reuse from a dossier, list, download, delete."""

import pytest

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import SavedDocument
from accounts.services import (
    paper_short_label,
    saved_document_create,
    saved_document_delete,
    saved_documents_keep_from_dossier,
)
from forms.files.services import AttachmentInput
from forms.files.storage import private_storage
from tests.accounts import factories as af
from tests.forms import factories as f

pytestmark = pytest.mark.django_db


def pdf(name="cccd.pdf", content=None):
    return SimpleUploadedFile(name, content if content is not None else f.pdf_bytes(), content_type="application/pdf")


def test_saved_document_keeps_a_checked_private_copy(citizen):
    document = saved_document_create(
        owner=citizen, label="Căn cước công dân", file=pdf("CCCD mặt trước.pdf"), name="CCCD mặt trước.pdf"
    )
    assert document.content_type == "application/pdf"
    assert document.original_name == "CCCD mặt trước.pdf"
    assert document.size == len(f.pdf_bytes())
    assert document.file.name.startswith("accounts/documents/") and document.file.name.endswith(".pdf")
    assert "CCCD" not in document.file.name
    with private_storage.open(document.file.name, "rb") as handle:
        assert handle.read() == f.pdf_bytes()


def test_the_same_file_is_kept_once_per_account(citizen, other_citizen):
    first = saved_document_create(owner=citizen, label="CCCD", file=pdf(), name="a.pdf")
    second = saved_document_create(owner=citizen, label="CCCD lần 2", file=pdf(), name="b.pdf")
    theirs = saved_document_create(owner=other_citizen, label="CCCD", file=pdf(), name="a.pdf")
    assert second.pk == first.pk
    assert theirs.pk != first.pk
    assert SavedDocument.objects.count() == 2


def test_a_program_is_refused(citizen):
    with pytest.raises(ValidationError) as error:
        saved_document_create(owner=citizen, label="CCCD", file=pdf("cccd.pdf", f.exe_bytes()), name="cccd.pdf")
    assert "không đúng định dạng" in error.value.messages[0]
    assert SavedDocument.objects.count() == 0


def test_a_label_is_required(citizen):
    with pytest.raises(ValidationError) as error:
        saved_document_create(owner=citizen, label="  ", file=pdf(), name="a.pdf")
    assert error.value.message_dict == {"label": ["Hãy đặt tên cho giấy tờ."]}


def test_delete_removes_the_file(citizen):
    document = af.saved_document_make(owner=citizen)
    name = document.file.name
    saved_document_delete(owner=citizen, document=document)
    assert not SavedDocument.objects.exists()
    assert not private_storage.exists(name)


def test_only_the_owner_deletes(citizen, other_citizen):
    document = af.saved_document_make(owner=citizen)
    with pytest.raises(ValidationError):
        saved_document_delete(owner=other_citizen, document=document)
    assert SavedDocument.objects.filter(pk=document.pk).exists()


def test_files_of_a_dossier_are_kept_labelled_with_their_paper(citizen, home):
    page = f.form_page_make()  # two required papers: "Tờ khai 1", "Tờ khai 2"
    inputs = f.attachments_for(page)
    inputs[1] = AttachmentInput(
        slot=inputs[1].slot, label="", name="to-khai-2.png", file=f.upload(content=f.png_bytes())
    )
    dossier = f.dossier_make(page=page, owner=citizen, attachments=inputs)

    kept = saved_documents_keep_from_dossier(owner=citizen, dossier=dossier)
    again = saved_documents_keep_from_dossier(owner=citizen, dossier=dossier)

    assert sorted((d.label, d.kind, d.original_name) for d in kept) == [
        ("Tờ khai 1", "Tờ khai 1", "Tờ khai 1.pdf"),
        ("Tờ khai 2", "Tờ khai 2", "to-khai-2.png"),
    ]
    assert {d.pk for d in again} == {d.pk for d in kept}
    assert af.saved_count(citizen) == 2


def test_identical_files_of_a_dossier_are_kept_once(citizen, home):
    page = f.form_page_make()
    dossier = f.dossier_make(page=page, owner=citizen)  # both papers hold the same bytes
    kept = saved_documents_keep_from_dossier(owner=citizen, dossier=dossier)
    assert len(kept) == 2 and kept[0].pk == kept[1].pk
    assert af.saved_count(citizen) == 1


def test_keeping_files_of_someone_elses_dossier_is_refused(citizen, other_citizen, home):
    dossier = f.dossier_make(owner=other_citizen)
    with pytest.raises(ValidationError):
        saved_documents_keep_from_dossier(owner=citizen, dossier=dossier)
    assert af.saved_count(citizen) == 0


def test_documents_page_lists_only_ones_own(client, citizen, other_citizen, home):
    mine = af.saved_document_make(owner=citizen, label="Sổ hộ khẩu")
    theirs = af.saved_document_make(owner=other_citizen, label="Giấy của người khác")
    client.force_login(citizen)
    html = client.get("/tai-khoan/giay-to/").content.decode()
    assert "Sổ hộ khẩu" in html and f"/tai-khoan/giay-to/{mine.pk}/" in html
    assert "Giấy của người khác" not in html and f"/tai-khoan/giay-to/{theirs.pk}/" not in html


def test_a_document_is_added_from_the_page(client, citizen, home):
    client.force_login(citizen)
    response = client.post(
        "/tai-khoan/giay-to/", {"giay-to-label": "Giấy khai sinh", "giay-to-file": pdf("khai-sinh.pdf")}, follow=True
    )
    assert "Đã lưu “Giấy khai sinh”." in response.content.decode()
    document = SavedDocument.objects.get(owner=citizen)
    assert document.original_name == "khai-sinh.pdf"


def test_a_refused_file_on_the_page_says_why(client, citizen, home):
    client.force_login(citizen)
    response = client.post(
        "/tai-khoan/giay-to/", {"giay-to-label": "CCCD", "giay-to-file": pdf("cccd.pdf", f.exe_bytes())}
    )
    assert response.status_code == 400
    assert "không đúng định dạng" in response.content.decode()
    assert not SavedDocument.objects.exists()


def test_download_by_owner_only(client, citizen, other_citizen, home):
    document = af.saved_document_make(owner=citizen, content=f.pdf_bytes(700))
    client.force_login(citizen)
    response = client.get(f"/tai-khoan/giay-to/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == f.pdf_bytes(700)
    assert response["Content-Type"] == "application/pdf"

    client.force_login(other_citizen)
    assert client.get(f"/tai-khoan/giay-to/{document.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/tai-khoan/giay-to/{document.pk}/").status_code == 302


def test_delete_from_the_page_by_owner_only(client, citizen, other_citizen, home):
    document = af.saved_document_make(owner=citizen, label="CCCD")
    client.force_login(other_citizen)
    assert client.post(f"/tai-khoan/giay-to/{document.pk}/xoa/").status_code == 404
    assert SavedDocument.objects.filter(pk=document.pk).exists()

    client.force_login(citizen)
    assert client.get(f"/tai-khoan/giay-to/{document.pk}/xoa/").status_code == 405
    response = client.post(f"/tai-khoan/giay-to/{document.pk}/xoa/", follow=True)
    assert "Đã xóa “CCCD”." in response.content.decode()
    assert not SavedDocument.objects.filter(pk=document.pk).exists()


def test_an_oversized_document_is_refused_before_reading_it(client, citizen, home, settings):
    settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE = 1000
    client.force_login(citizen)
    response = client.post(
        "/tai-khoan/giay-to/", {"giay-to-label": "CCCD", "giay-to-file": pdf(content=f.pdf_bytes(2 * 1024 * 1024))}
    )
    assert response.status_code == 413
    assert not SavedDocument.objects.exists()


@pytest.mark.parametrize(
    ("requirement", "expected"),
    [
        (
            "Tờ khai đăng ký khai sinh (theo mẫu ban hành kèm Thông tư 04/2020/TT-BTP). Trường hợp ủy quyền …",
            "Tờ khai đăng ký khai sinh",
        ),
        (
            "Bản chính Giấy chứng sinh; trường hợp không có thì nộp văn bản của người làm chứng",
            "Bản chính Giấy chứng sinh",
        ),
        ("Giấy tờ chứng minh nơi cư trú", "Giấy tờ chứng minh nơi cư trú"),
        (
            "Văn bản đồng ý của cha mẹ hoặc người giám hộ của người chưa thành niên được nhận làm con nuôi và của "
            "người được nhận làm con nuôi từ đủ 09 tuổi trở lên",
            "Văn bản đồng ý của cha mẹ hoặc người giám hộ của người chưa thành niên được…",
        ),
    ],
)
def test_a_kept_paper_is_labelled_with_a_short_name(requirement, expected):
    assert paper_short_label(requirement) == expected


def test_someone_elses_dossier_is_refused_in_words(citizen, other_citizen, home):
    dossier = f.dossier_make(owner=other_citizen)
    with pytest.raises(ValidationError) as refused:
        saved_documents_keep_from_dossier(owner=citizen, dossier=dossier)
    assert refused.value.messages == ["Hồ sơ không thuộc tài khoản này."]
    assert refused.value.code == "not_owner"
