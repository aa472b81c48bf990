"""The wizard for a signed-in citizen: owner of drafts and dossiers, prefilled applicant, documents reused."""

import datetime
import re
from html import unescape

import pytest

from accounts.models import SavedDocument
from forms.models import Dossier, Draft, DraftFile
from tests.accounts import factories as af
from tests.forms import factories as f
from tests.forms.intake import wizard as w

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(home):
    return f.form_page_make()


@pytest.fixture
def citizen(db):
    return af.citizen_make(
        phone="0912345678",
        email="an@example.vn",
        full_name="Nguyễn Văn An",
        id_number="001090012345",
        birth_date=datetime.date(1990, 5, 1),
        address="Số 1 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội",
    )


@pytest.fixture
def other_citizen(db):
    return af.citizen_make(phone="0987654321", email="binh@example.vn")


def field_value(html: str, name: str) -> str | None:
    """The value attribute of the input named ``name`` (None when it has none)."""
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert tag, name
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else None


def selected_option(html: str, name: str) -> str | None:
    select = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1))
    return chosen.group(1) if chosen else None


def test_signed_in_submission_belongs_to_the_citizen(client, page, citizen):
    client.force_login(citizen)
    client.get(page.url)
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    assert Draft.objects.get().owner == citizen

    w.post_step(client, page, "khai-1", w.declaration_data())
    w.post_step(client, page, "giay-to", w.documents_data(page))
    w.post_step(client, page, "nhan-ket-qua", w.delivery_data())
    w.post_step(client, page, "kiem-tra", {})
    response = w.post_step(client, page, "cam-doan", {"cam-doan-agree": "on"}, follow=False)

    assert response.status_code == 302
    assert Dossier.objects.get().owner == citizen
    assert Dossier.objects.get().code in client.get("/tai-khoan/").content.decode()
    # The confirmation says where the dossier is kept.
    confirmation = client.get(response["Location"]).content.decode()
    assert 'Hồ sơ đã có trong <a href="/tai-khoan/">Hồ sơ của tôi</a>' in confirmation


def test_the_confirmation_of_a_visitor_does_not_point_to_an_account(client, page):
    response = w.submit_all(client, page)
    assert "data-in-account" not in client.get(response["Location"]).content.decode()


def test_submission_without_an_account_has_no_owner(client, page):
    assert w.submit_all(client, page).status_code == 302
    assert Dossier.objects.get().owner is None


def test_staff_submitting_on_the_site_do_not_own_the_dossier(client, page):
    client.force_login(f.receiving_officer())
    assert w.submit_all(client, page).status_code == 302
    assert Dossier.objects.get().owner is None


def test_applicant_step_is_prefilled_from_the_profile(client, page, citizen):
    client.force_login(citizen)
    html = client.get(page.url).content.decode()

    assert field_value(html, "nguoi-nop-full_name") == "Nguyễn Văn An"
    assert field_value(html, "nguoi-nop-id_number") == "001090012345"
    assert field_value(html, "nguoi-nop-date_of_birth") == "1990-05-01"
    assert field_value(html, "nguoi-nop-phone") == "0912345678"
    assert field_value(html, "nguoi-nop-email") == "an@example.vn"
    assert selected_option(html, "nguoi-nop-address_0") == "1"
    assert selected_option(html, "nguoi-nop-address_1") == "70"
    assert field_value(html, "nguoi-nop-address_2") == "Số 1 Tràng Tiền"
    # Whom they submit for is theirs to say; nothing is filled in for another person.
    assert 'name="nguoi-nop-applying_for" value="self" checked' not in html
    assert field_value(html, "nguoi-nop-represented_name") is None
    assert field_value(html, "nguoi-nop-relationship") is None
    assert Draft.objects.count() == 0  # a prefilled visit stores nothing yet


def test_on_behalf_of_someone_else_nothing_is_filled_for_that_person(client, page, citizen):
    client.force_login(citizen)
    client.get(page.url)
    data = w.applicant_data(**{"nguoi-nop-applying_for": "other"})
    response = w.post_step(client, page, "nguoi-nop", data)
    html = response.content.decode()

    assert response.context["wizard"]["steps"].current == "nguoi-nop"
    assert "Họ và tên người được nộp thay" in html
    assert field_value(html, "nguoi-nop-represented_name") in (None, "")
    assert field_value(html, "nguoi-nop-relationship") in (None, "")
    # The declaration about the person concerned starts empty too.
    filled = w.applicant_data(
        **{
            "nguoi-nop-applying_for": "other",
            "nguoi-nop-represented_name": "Nguyễn Văn Bố",
            "nguoi-nop-relationship": "cha",
        }
    )
    declaration = w.post_step(client, page, "nguoi-nop", filled).content.decode()
    assert field_value(declaration, "khai-1-child_name") is None


def test_what_the_citizen_typed_wins_over_the_profile(client, page, citizen):
    client.force_login(citizen)
    client.get(page.url)
    w.post_step(client, page, "nguoi-nop", w.applicant_data(**{"nguoi-nop-full_name": "Nguyễn Văn Ân"}))
    html = client.get(page.url + "?buoc=nguoi-nop").content.decode()
    assert field_value(html, "nguoi-nop-full_name") == "Nguyễn Văn Ân"


def test_an_address_the_lists_do_not_know_is_not_guessed(client, page):
    citizen = af.citizen_make(address="Thôn 3, xã Không Có, tỉnh Không Có")
    client.force_login(citizen)
    html = client.get(page.url).content.decode()
    assert selected_option(html, "nguoi-nop-address_0") in (None, "")
    assert field_value(html, "nguoi-nop-address_2") in (None, "")


def test_a_draft_begun_before_signing_in_joins_the_account(client, page, citizen):
    client.get(page.url)
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    assert Draft.objects.get().owner is None
    client.force_login(citizen)
    client.get(page.url)
    assert Draft.objects.get().owner == citizen


def test_a_citizens_draft_does_not_open_for_the_next_user_of_the_browser(client, page, citizen, other_citizen):
    client.force_login(citizen)
    client.get(page.url)
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    draft = Draft.objects.get()
    # Same session (as if the session survived), another account: the draft is not theirs.
    client.force_login(other_citizen)
    session = client.session
    session["forms_drafts"] = {f"page-{page.pk}": draft.token}
    session.save()
    html = client.get(page.url).content.decode()
    assert field_value(html, "nguoi-nop-id_number") is None
    assert field_value(html, "nguoi-nop-full_name") == other_citizen.citizen_profile.full_name
    assert Draft.objects.get().owner == citizen


def documents_to_documents_step(client, page):
    client.get(page.url)
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    return w.post_step(client, page, "khai-1", w.declaration_data())


def slot_keys(page) -> list[str]:
    return [str(doc.pk) for doc in page.procedure.required_documents.all()]


def test_documents_step_offers_saved_documents_of_the_citizen_only(client, page, citizen, other_citizen):
    mine = af.saved_document_make(owner=citizen, label="Căn cước công dân")
    theirs = af.saved_document_make(owner=other_citizen, label="Giấy của người khác")
    client.force_login(citizen)
    html = documents_to_documents_step(client, page).content.decode()
    first = slot_keys(page)[0]
    assert f'name="giay-to-saved_{first}"' in html
    assert f'<option value="{mine.pk}">Căn cước công dân – cccd.pdf' in html
    assert "Giấy của người khác" not in html and f'value="{theirs.pk}"' not in html
    assert "Lưu các tệp của hồ sơ này vào tài khoản" in html


def test_documents_step_has_no_account_parts_for_visitors(client, page):
    html = documents_to_documents_step(client, page).content.decode()
    assert "saved_" not in html and "Lưu các tệp của hồ sơ này vào tài khoản" not in html


def test_a_picked_saved_document_is_attached_like_an_upload(client, page, citizen):
    saved = af.saved_document_make(owner=citizen, label="Tờ khai cũ", content=f.pdf_bytes(500))
    client.force_login(citizen)
    documents_to_documents_step(client, page)
    first, second = slot_keys(page)
    data = {
        "giay-to-channel": "online",
        f"giay-to-saved_{first}": str(saved.pk),
        f"giay-to-doc_{second}": f.upload(name="to-khai-2.pdf"),
    }
    response = w.post_step(client, page, "giay-to", data)
    assert response.context["wizard"]["steps"].current == "nhan-ket-qua"
    copied = DraftFile.objects.get(slot=first)
    assert copied.original_name == "cccd.pdf" and copied.size == 500
    assert copied.file.name != saved.file.name  # a copy: deleting the saved one leaves the dossier whole

    w.post_step(client, page, "nhan-ket-qua", w.delivery_data())
    w.post_step(client, page, "kiem-tra", {})
    w.post_step(client, page, "cam-doan", {"cam-doan-agree": "on"}, follow=False)
    dossier = Dossier.objects.get()
    attachment = dossier.attachments.get(slot=first)
    with attachment.file.open("rb") as handle:
        assert handle.read() == f.pdf_bytes(500)
    assert SavedDocument.objects.filter(pk=saved.pk).exists()


def test_a_picked_document_counts_against_the_dossier_limit(client, page, citizen, settings):
    saved = af.saved_document_make(owner=citizen, content=f.pdf_bytes(6000))
    client.force_login(citizen)
    documents_to_documents_step(client, page)
    settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE = 10000
    first, second = slot_keys(page)
    data = {
        "giay-to-channel": "online",
        f"giay-to-saved_{first}": str(saved.pk),
        f"giay-to-doc_{second}": f.upload(content=f.pdf_bytes(5000)),
    }
    response = w.post_step(client, page, "giay-to", data)
    html = response.content.decode()
    assert response.context["wizard"]["steps"].current == "giay-to"
    assert "vượt quá mức cho phép của một hồ sơ" in html


def test_another_citizens_document_cannot_be_picked_by_number(client, page, citizen, other_citizen):
    af.saved_document_make(owner=citizen)
    theirs = af.saved_document_make(owner=other_citizen, content=f.pdf_bytes(321))
    client.force_login(citizen)
    documents_to_documents_step(client, page)
    first, second = slot_keys(page)
    data = {
        "giay-to-channel": "online",
        f"giay-to-saved_{first}": str(theirs.pk),
        f"giay-to-doc_{second}": f.upload(),
    }
    response = w.post_step(client, page, "giay-to", data)
    assert response.context["wizard"]["steps"].current == "giay-to"
    assert not DraftFile.objects.filter(slot=first).exists()
    assert "Giấy tờ đã chọn không còn trong tài khoản; hãy chọn lại." in response.content.decode()
    assert "cccd.pdf" not in response.content.decode().split("giay-to-doc_" + first)[1].split("</div>")[0]


def test_files_are_kept_in_the_account_when_asked(client, page, citizen):
    client.force_login(citizen)
    documents_to_documents_step(client, page)
    first, second = slot_keys(page)
    data = {
        "giay-to-channel": "online",
        f"giay-to-doc_{first}": f.upload(name="to-khai-1.pdf", content=f.pdf_bytes(400)),
        f"giay-to-doc_{second}": f.upload(name="to-khai-2.png", content=f.png_bytes()),
        "giay-to-keep_in_account": "on",
    }
    w.post_step(client, page, "giay-to", data)
    w.post_step(client, page, "nhan-ket-qua", w.delivery_data())
    w.post_step(client, page, "kiem-tra", {})
    w.post_step(client, page, "cam-doan", {"cam-doan-agree": "on"}, follow=False)

    kept = sorted(SavedDocument.objects.filter(owner=citizen).values_list("label", "original_name"))
    assert kept == [("Tờ khai 1", "to-khai-1.pdf"), ("Tờ khai 2", "to-khai-2.png")]


def test_files_are_not_kept_unless_asked(client, page, citizen):
    client.force_login(citizen)
    documents_to_documents_step(client, page)
    w.post_step(client, page, "giay-to", w.documents_data(page))
    w.post_step(client, page, "nhan-ket-qua", w.delivery_data())
    w.post_step(client, page, "kiem-tra", {})
    w.post_step(client, page, "cam-doan", {"cam-doan-agree": "on"}, follow=False)
    assert Dossier.objects.get().owner == citizen
    assert not SavedDocument.objects.exists()


def test_documents_saved_for_the_same_paper_are_offered_first(client, page, citizen):
    older = af.saved_document_make(owner=citizen, label="Tờ khai lần trước", kind="Tờ khai 2")
    newer = af.saved_document_make(owner=citizen, label="Căn cước công dân")
    client.force_login(citizen)
    html = documents_to_documents_step(client, page).content.decode()
    first, second = slot_keys(page)

    def options(slot: str) -> list[str]:
        select = re.search(rf'<select[^>]*name="giay-to-saved_{slot}"[^>]*>(.*?)</select>', html, re.S).group(1)
        return re.findall(r'<option value="(\d+)"', select)

    assert options(second) == [str(older.pk), str(newer.pk)]
    assert options(first) == [str(newer.pk), str(older.pk)]  # newest first otherwise
