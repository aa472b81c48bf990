"""The account services one rule at a time, expected values written out (issue #19).

The phone on the profile (one account per number; a changed number is unproved until its code is
entered), claiming a dossier, the saved documents' limits and checksum, and the short paper names.
"""

import hashlib
import logging

import pytest

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import CitizenProfile, SavedDocument
from accounts.services import (
    citizen_phone_set,
    citizen_phone_verify,
    citizen_profile_ensure,
    dossier_claim,
    paper_short_label,
    saved_document_create,
    saved_document_delete,
)
from tests.forms import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("cong-dan-dich-vu")


def pdf(content=None):
    return SimpleUploadedFile(
        "a.pdf", content if content is not None else f.pdf_bytes(), content_type="application/pdf"
    )


def test_the_profile_is_made_once(user):
    first = citizen_profile_ensure(user=user)
    assert (first.phone, first.phone_verified) == (None, False)
    assert citizen_profile_ensure(user=user).pk == first.pk
    assert CitizenProfile.objects.filter(user=user).count() == 1


def test_a_phone_is_set_proved_or_not(user):
    profile = citizen_phone_set(user=user, phone="0912345678", verified=True)
    stored = CitizenProfile.objects.get(user=user)
    assert (profile.phone, profile.phone_verified) == ("0912345678", True)
    assert (stored.phone, stored.phone_verified) == ("0912345678", True)
    citizen_phone_set(user=user, phone="0987654321", verified=False)
    stored.refresh_from_db()
    assert (stored.phone, stored.phone_verified) == ("0987654321", False)


def test_an_empty_phone_is_stored_as_none_and_never_proved(user, django_user_model):
    citizen_phone_set(user=user, phone="", verified=True)
    stored = CitizenProfile.objects.get(user=user)
    assert (stored.phone, stored.phone_verified) == (None, False)
    # None, not "": a second account without a number does not collide on the unique column.
    other = django_user_model.objects.create_user("cong-dan-khac")
    citizen_phone_set(user=other, phone="", verified=False)
    assert CitizenProfile.objects.filter(phone__isnull=True).count() == 2


def test_verify_proves_only_the_number_still_on_the_profile(user):
    citizen_phone_set(user=user, phone="0912345678", verified=False)
    assert citizen_phone_verify(user=user, phone="0987654321") is False
    assert CitizenProfile.objects.get(user=user).phone_verified is False
    assert citizen_phone_verify(user=user, phone="0912345678") is True
    assert CitizenProfile.objects.get(user=user).phone_verified is True


def test_verify_proves_only_the_users_own_profile(user, django_user_model):
    citizen_phone_set(user=user, phone="0912345678", verified=False)
    other = django_user_model.objects.create_user("cong-dan-khac")
    assert citizen_phone_verify(user=other, phone="0912345678") is False
    assert CitizenProfile.objects.get(user=user).phone_verified is False


def test_verify_without_a_profile_is_false(user):
    assert citizen_phone_verify(user=user, phone="0912345678") is False


def test_a_claimed_dossier_comes_back_with_its_owner(user, home):
    dossier = f.dossier_make(received=False)
    claimed = dossier_claim(user=user, code=dossier.code, phone="0912345678")
    assert claimed.owner == user
    assert claimed.owner_id == user.pk


def test_a_saved_document_keeps_the_label_trimmed_and_cut_to_its_columns(user):
    document = saved_document_create(
        owner=user, label="  " + "L" * 300 + "  ", file=pdf(), name="a.pdf", kind="K" * 600
    )
    document.refresh_from_db()
    assert document.label == "L" * 255
    assert document.kind == "K" * 500
    assert document.original_name == "a.pdf"


def test_a_saved_document_without_kind_has_an_empty_one(user):
    document = saved_document_create(owner=user, label="CCCD", file=pdf(), name="a.pdf")
    assert SavedDocument.objects.get(pk=document.pk).kind == ""


def test_the_checksum_is_of_the_whole_file_wherever_it_was_read_to(user):
    content = f.pdf_bytes(200_000)  # several 64 KiB chunks
    upload = pdf(content)
    upload.read(100)
    document = saved_document_create(owner=user, label="CCCD", file=upload, name="a.pdf")
    assert document.checksum == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    with document.file.open("rb") as handle:
        assert handle.read() == content


def test_a_deleted_documents_file_that_cannot_be_removed_is_logged(user, monkeypatch, caplog):
    document = saved_document_create(owner=user, label="CCCD", file=pdf(), name="a.pdf")
    name = document.file.name

    def refuse(path):
        raise OSError("ổ đĩa chỉ đọc")

    monkeypatch.setattr(document.file.storage, "delete", refuse)
    with caplog.at_level(logging.WARNING, logger="accounts.services"):
        saved_document_delete(owner=user, document=document)
    assert not SavedDocument.objects.exists()
    assert [record.getMessage() for record in caplog.records] == [f"Không xóa được tệp giấy tờ đã lưu {name}"]


def test_deleting_another_accounts_document_says_not_found(user, django_user_model):
    document = saved_document_create(owner=user, label="CCCD", file=pdf(), name="a.pdf")
    other = django_user_model.objects.create_user("cong-dan-khac")
    with pytest.raises(ValidationError) as refused:
        saved_document_delete(owner=other, document=document)
    assert refused.value.messages == ["Không tìm thấy giấy tờ."]
    assert refused.value.code == "not_owner"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Tờ khai đăng ký khai sinh (theo mẫu TP/HT-2020-KS.1). Trường hợp ủy quyền", "Tờ khai đăng ký khai sinh"),
        ("Giấy chứng sinh. Trường hợp không có thì nộp văn bản xác nhận", "Giấy chứng sinh"),
        ("Văn bản ủy quyền; có chứng thực", "Văn bản ủy quyền"),
        ("Giấy tờ tùy thân: CCCD hoặc hộ chiếu", "Giấy tờ tùy thân"),
        ("Sổ hộ khẩu cũ - nếu còn giữ", "Sổ hộ khẩu cũ"),
        ("Sổ hộ khẩu cũ – nếu còn giữ", "Sổ hộ khẩu cũ"),
        # A head shorter than 10 characters is no name: the text goes on.
        ("Bản sao (có chứng thực) giấy khai sinh", "Bản sao (có chứng thực) giấy khai sinh"),
        ("Giấy tờ A1 (bản chính)", "Giấy tờ A1"),  # exactly 10 characters
        ("Giấy tờ A (bản chính)", "Giấy tờ A (bản chính)"),  # 9
        ("  Tờ   khai\n đăng ký  ", "Tờ khai đăng ký"),
        ("Giấy chứng sinh.", "Giấy chứng sinh."),
        # The first explanation ends the name, not the last.
        ("Tờ khai đăng ký (mẫu 01) (bản chính)", "Tờ khai đăng ký"),
    ],
)
def test_paper_short_label(text, label):
    assert paper_short_label(text) == label


def test_a_long_paper_name_is_cut_at_a_word_without_its_comma():
    text = "Giấy xác nhận của cơ quan có thẩm quyền về việc đề nghị thuộc diện được hưởng, chế độ ưu đãi người có công"
    assert paper_short_label(text) == "Giấy xác nhận của cơ quan có thẩm quyền về việc đề nghị thuộc diện được hưởng…"


def test_a_paper_name_of_eighty_characters_is_kept_whole():
    text = "Giấy xác nhận của cơ quan có thẩm quyền về việc đề nghị thuộc diện được hưởng ab"
    assert len(text) == 80
    assert paper_short_label(text) == text
    assert (
        paper_short_label(text + "c")
        == "Giấy xác nhận của cơ quan có thẩm quyền về việc đề nghị thuộc diện được hưởng…"
    )


def test_a_cut_just_after_a_word_keeps_that_word():
    # Character 80 is a space: the word before it ("a") stays.
    base = "Giấy xác nhận của cơ quan có thẩm quyền về việc đề nghị thuộc diện được hưởng"
    assert len(base) == 77
    assert paper_short_label(base + " a bcd") == base + " a…"


def test_a_cut_keeps_a_name_ending_in_x():
    text = "Giấy chứng nhận đăng ký hộ kinh doanh theo quy định của Bộ Tài chính mẫu số TX thêm chữ"
    assert paper_short_label(text) == "Giấy chứng nhận đăng ký hộ kinh doanh theo quy định của Bộ Tài chính mẫu số TX…"


def test_no_label_at_all_is_refused(user):
    with pytest.raises(ValidationError) as refused:
        saved_document_create(owner=user, label=None, file=pdf(), name="a.pdf")
    assert refused.value.message_dict == {"label": ["Hãy đặt tên cho giấy tờ."]}
    assert SavedDocument.objects.count() == 0


def test_an_identical_file_writes_nothing_to_storage(user, monkeypatch):
    from forms.files.storage import private_storage

    first = saved_document_create(owner=user, label="CCCD", file=pdf(), name="a.pdf")

    def no_write(*args, **kwargs):
        raise AssertionError("the same bytes were written again")

    monkeypatch.setattr(private_storage, "save", no_write)
    assert saved_document_create(owner=user, label="CCCD lần 2", file=pdf(), name="b.pdf").pk == first.pk


def test_a_race_on_the_same_file_returns_the_winner_and_removes_the_losers_copy(
    user, django_user_model, monkeypatch, private_root
):
    """Two requests saving the same bytes at once: the second meets the unique constraint."""
    import accounts.services as services
    from tests.conftest import private_files

    content = f.pdf_bytes(500)
    checksum = hashlib.sha256(content).hexdigest()
    # Another document of the user, and the same bytes in another account: neither is the winner.
    saved_document_create(owner=user, label="Sổ hộ khẩu", file=pdf(f.pdf_bytes(600)), name="s.pdf")
    other = django_user_model.objects.create_user("cong-dan-khac")
    saved_document_create(owner=other, label="CCCD", file=pdf(content), name="a.pdf")
    before = private_files(private_root)
    winner = {}
    original = services.safe_filename

    def race(*args, **kwargs):  # runs after the check for an identical file, before the save
        winner["document"] = SavedDocument.objects.create(
            owner=user, label="CCCD", original_name="a.pdf", content_type="application/pdf", size=500,
            checksum=checksum, file="accounts/documents/thang.pdf",
        )  # fmt: skip
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "safe_filename", race)
    kept = saved_document_create(owner=user, label="CCCD", file=pdf(content), name="a.pdf")
    assert kept.pk == winner["document"].pk
    assert private_files(private_root) == before  # the loser's copy is gone
    assert SavedDocument.objects.filter(owner=user).count() == 2


def test_a_claim_takes_only_the_dossier_named(user, home):
    named, other = f.dossier_make(received=False), f.dossier_make(received=False)
    dossier_claim(user=user, code=named.code, phone="0912345678")
    named.refresh_from_db()
    other.refresh_from_db()
    assert (named.owner_id, other.owner_id) == (user.pk, None)


def test_a_taken_dossier_is_refused_with_its_code(user, django_user_model, home):
    dossier = f.dossier_make(received=False, owner=django_user_model.objects.create_user("chu-ho-so"))
    with pytest.raises(ValidationError) as refused:
        dossier_claim(user=user, code=dossier.code, phone="0912345678")
    assert refused.value.code == "taken"
