import re
from html import unescape

import pytest

from cms.models import ProcedureDocument
from forms.models import Dossier, DossierStatus, Draft, DraftFile
from tests import factories
from tests.forms import factories as f
from tests.forms.intake import wizard as w

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(home):
    return f.form_page_make()


def current_step(response) -> str:
    return response.context["wizard"]["steps"].current


def test_first_visit_shows_applicant_step_with_progress(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bước 1 / 6" in html
    for title in [
        "Người nộp hồ sơ",
        "Thông tin người được khai sinh",
        "Thành phần hồ sơ",
        "Cách nhận kết quả",
        "Kiểm tra lại",
        "Cam đoan và nộp",
    ]:
        assert title in html
    assert "data-step-heading" in html
    assert Draft.objects.count() == 0  # a visit alone stores nothing


def test_complete_submission_creates_dossier_and_removes_draft(client, page):
    response = w.submit_all(client, page)
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu-ho-so/{dossier.access_token}/da-nop/"
    assert dossier.applicant_phone == "0912345678"
    assert dossier.answers["child_name"] == "Nguyễn Thị Bình"
    assert dossier.answers["child_birth_date"] == "2026-11-01"
    assert "father_name" not in dossier.answers  # hidden by its condition
    assert dossier.attachments.count() == 2
    titles = [section["title"] for section in dossier.snapshot]
    assert titles == ["Người nộp hồ sơ", "Thông tin người được khai sinh", "Thành phần hồ sơ", "Cách nhận kết quả"]
    assert ["Người được khai sinh: Giới tính", "Nữ"] in dossier.snapshot[1]["rows"]
    assert Draft.objects.count() == 0 and DraftFile.objects.count() == 0

    confirmation = client.get(response["Location"])
    html = confirmation.content.decode()
    assert dossier.code in html and "Thời hạn giải quyết (3 ngày làm việc) tính từ ngày tiếp nhận" in html
    assert "giay-tiep-nhan.pdf" not in html  # Mẫu 01 comes at reception
    assert "chờ tiếp nhận" in html


def test_review_step_lists_answers_with_edit_links(client, page):
    client.get(page.url)
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    w.post_step(client, page, "khai-1", w.declaration_data())
    w.post_step(client, page, "giay-to", w.documents_data(page))
    response = w.post_step(client, page, "nhan-ket-qua", w.delivery_data())
    html = response.content.decode()
    assert current_step(response) == "kiem-tra"
    assert "Nguyễn Thị Bình" in html and "Phường Hoàn Kiếm" in html and "Tờ khai 1.pdf" in html
    assert 'href="?buoc=khai-1"' in html
    edit = client.get(page.url + "?buoc=khai-1")
    assert current_step(edit) == "khai-1"
    assert 'value="Nguyễn Thị Bình"' in edit.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [("12345", "đúng 12 chữ số"), ("0010900123456", "đúng 12 chữ số"), ("00109001234O", "đúng 12 chữ số")],
)
def test_wrong_id_number_is_explained_and_other_values_kept(client, page, value, message):
    response = w.post_step(client, page, "nguoi-nop", w.applicant_data(**{"nguoi-nop-id_number": value}))
    html = response.content.decode()
    assert current_step(response) == "nguoi-nop"
    assert message in html
    assert "mục cần sửa" in html  # error summary at the top
    assert 'value="Nguyễn Văn An"' in html


def test_wrong_phone_is_explained(client, page):
    response = w.post_step(client, page, "nguoi-nop", w.applicant_data(**{"nguoi-nop-phone": "12345"}))
    assert "Số điện thoại di động không hợp lệ" in response.content.decode()


def test_commune_must_belong_to_province(client, page):
    response = w.post_step(client, page, "nguoi-nop", w.applicant_data(**{"nguoi-nop-address_0": "79"}))
    assert "thuộc tỉnh, thành phố đã chọn" in response.content.decode()


def test_on_behalf_fields_required_only_when_chosen(client, page):
    response = w.post_step(client, page, "nguoi-nop", w.applicant_data(**{"nguoi-nop-applying_for": "other"}))
    assert current_step(response) == "nguoi-nop"
    assert set(response.context["form"].errors) == {"represented_name", "relationship"}
    ok = w.post_step(
        client,
        page,
        "nguoi-nop",
        w.applicant_data(
            **{"nguoi-nop-applying_for": "other", "nguoi-nop-represented_name": "Lê C", "nguoi-nop-relationship": "Cha"}
        ),
    )
    assert current_step(ok) == "khai-1"


def test_conditional_declaration_field(client, page):
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    needs_father = w.post_step(client, page, "khai-1", w.declaration_data(**{"khai-1-has_father": "co"}))
    assert "father_name" in needs_father.context["form"].errors
    html = needs_father.content.decode()
    assert 'data-show-when-field="khai-1-has_father"' in html and 'data-show-when-value="co"' in html
    ok = w.post_step(
        client, page, "khai-1", w.declaration_data(**{"khai-1-has_father": "co", "khai-1-father_name": "Nguyễn Văn An"})
    )
    assert current_step(ok) == "giay-to"


def test_disguised_file_refused_and_good_file_kept(client, page):
    docs = list(page.procedure.required_documents.all())
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    w.post_step(client, page, "khai-1", w.declaration_data())
    files = {
        str(docs[0].pk): f.upload(name="to-khai.pdf"),
        str(docs[1].pk): f.upload(name="cccd.pdf", content=f.exe_bytes()),
    }
    response = w.post_step(client, page, "giay-to", w.documents_data(page, **files))
    html = response.content.decode()
    assert current_step(response) == "giay-to"
    assert "không đúng định dạng" in html
    assert "Đã tải lên: <strong>to-khai.pdf</strong>" in html
    assert DraftFile.objects.filter(slot=str(docs[0].pk)).count() == 1

    # Only the missing file is sent again; the kept one still counts.
    again = w.post_step(
        client,
        page,
        "giay-to",
        {"giay-to-channel": "online", f"giay-to-doc_{docs[1].pk}": f.upload(name="cccd.png", content=f.png_bytes())},
    )
    assert current_step(again) == "nhan-ket-qua"


def error_texts(html: str) -> tuple[list[str], list[str]]:
    """The error summary's lines and the errors shown next to the fields, as the citizen reads them."""
    summary = re.findall(r'<li><a href="#khoi-[^"]+">([^<]*)</a></li>', html)
    beside = [text.strip() for text in re.findall(r'<p class="field__error" id="[^"]+">([^<]*)</p>', html)]
    return [unescape(line) for line in summary], [unescape(line) for line in beside]


def test_missing_required_document_is_explained_once_by_name(client, page):
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    w.post_step(client, page, "khai-1", w.declaration_data())
    response = w.post_step(client, page, "giay-to", {"giay-to-channel": "online"})
    assert current_step(response) == "giay-to"
    summary, beside = error_texts(response.content.decode())
    assert summary == [
        "Tờ khai 1: Hãy tải lên tệp của giấy tờ bắt buộc này.",
        "Tờ khai 2: Hãy tải lên tệp của giấy tờ bắt buộc này.",
    ]
    assert beside == ["Hãy tải lên tệp của giấy tờ bắt buộc này."] * 2


def test_document_names_ending_in_punctuation_read_cleanly_in_the_messages(client, home):
    # Catalogue names end in "." or ";" ("- Tờ khai đăng ký khai sinh theo mẫu."), which gave "..".
    procedure = factories.procedure_make(documents=0)
    procedure.required_documents.add(
        ProcedureDocument(name="Tờ khai đăng ký khai sinh theo mẫu.", quantity="1 bản chính", sort_order=0),
        ProcedureDocument(name="Bản chính Giấy chứng sinh;", quantity="1 bản chính", sort_order=1),
    )
    procedure.save_revision().publish()
    page = f.form_page_make(procedure=procedure)
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    w.post_step(client, page, "khai-1", w.declaration_data())
    response = w.post_step(client, page, "giay-to", {"giay-to-channel": "online"})
    html = response.content.decode()
    summary, _beside = error_texts(html)
    assert summary == [
        "Tờ khai đăng ký khai sinh theo mẫu: Hãy tải lên tệp của giấy tờ bắt buộc này.",
        "Bản chính Giấy chứng sinh: Hãy tải lên tệp của giấy tờ bắt buộc này.",
    ]
    assert ".." not in html and ";:" not in html and ".:" not in html


def test_empty_file_is_explained_in_the_sites_words(client, page):
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    w.post_step(client, page, "khai-1", w.declaration_data())
    docs = list(page.procedure.required_documents.all())
    files = {str(docs[0].pk): f.upload(name="to-khai.pdf", content=b"")}
    response = w.post_step(client, page, "giay-to", w.documents_data(page, **files))
    html = response.content.decode()
    summary, beside = error_texts(html)
    assert summary == ["Tờ khai 1: Tệp đã chọn trống (0 byte). Hãy chọn lại tệp có nội dung."]
    assert beside == ["Tệp đã chọn trống (0 byte). Hãy chọn lại tệp có nội dung."]
    assert "tập tin" not in html.lower()


def test_oversized_file_is_explained(client, page, settings):
    settings.FORMS_UPLOAD_MAX_FILE_SIZE = 1000
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    w.post_step(client, page, "khai-1", w.declaration_data())
    doc = page.procedure.required_documents.first()
    response = w.post_step(client, page, "giay-to", {f"giay-to-doc_{doc.pk}": f.upload(content=f.pdf_bytes(5000))})
    assert "Tệp quá lớn" in response.content.decode()


@pytest.mark.parametrize("step", ["cam-doan", "kiem-tra", "khong-co-buoc-nay", ""])
def test_tampered_step_is_refused_with_a_message_and_data_kept(client, page, step):
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    response = w.post_step(client, page, step, {"cam-doan-agree": "on"})
    assert response.status_code == 200
    assert "Không thể chuyển tới bước này" in response.content.decode()
    assert current_step(response) == "khai-1"
    assert Dossier.objects.count() == 0
    back = client.get(page.url + "?buoc=nguoi-nop")
    assert 'value="Nguyễn Văn An"' in back.content.decode()


def test_missing_management_form_is_not_a_server_error(client, page):
    response = client.post(page.url, {"anything": "x"}, follow=True)
    assert response.status_code == 200
    assert "Không thể chuyển tới bước này" in response.content.decode()


def test_back_button_keeps_values_of_the_step_left(client, page):
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    half = w.declaration_data(**{"khai-1-child_name": "Tên đang gõ"})
    back = w.post_step(client, page, "khai-1", {**half, "wizard_goto_step": "nguoi-nop"})
    assert current_step(back) == "nguoi-nop"
    forward = client.get(page.url + "?buoc=khai-1")
    assert 'value="Tên đang gõ"' in forward.content.decode()


def test_cannot_jump_ahead_with_a_link(client, page):
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    response = client.get(page.url + "?buoc=cam-doan")
    assert current_step(response) == "khai-1"


def test_commitment_is_required(client, page):
    client.get(page.url)
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    w.post_step(client, page, "khai-1", w.declaration_data())
    w.post_step(client, page, "giay-to", w.documents_data(page))
    w.post_step(client, page, "nhan-ket-qua", w.delivery_data())
    w.post_step(client, page, "kiem-tra", {})
    response = w.post_step(client, page, "cam-doan", {})
    assert "Hãy đánh dấu ô cam đoan" in response.content.decode()
    assert Dossier.objects.count() == 0


def test_postal_delivery_needs_address_and_is_offered_only_when_allowed(client, home):
    from tests.factories import procedure_make

    no_post = f.form_page_make(procedure=procedure_make(postal_return=False))
    w.post_step(client, no_post, "nguoi-nop", w.applicant_data())
    w.post_step(client, no_post, "khai-1", w.declaration_data())
    response = w.post_step(client, no_post, "giay-to", w.documents_data(no_post))
    assert [value for value, _label in response.context["form"].fields["method"].choices] == ["counter"]
    assert "address" not in response.context["form"].fields
    assert "Thủ tục này trả kết quả tại Bộ phận Một cửa." in response.content.decode()
    refused = w.post_step(client, no_post, "nhan-ket-qua", w.delivery_data(**{"nhan-ket-qua-method": "post"}))
    assert "method" in refused.context["form"].errors


def test_resume_draft_from_link_on_another_device(client, page, django_user_model):
    from django.core import mail
    from django.test import Client

    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    response = w.post_step(client, page, "khai-1", w.declaration_data())
    resume_url = response.context["resume_url"]
    assert "/nop-ho-so/tiep-tuc/" in resume_url
    assert resume_url in response.content.decode()
    assert len(mail.outbox) == 1 and resume_url in mail.outbox[0].body  # e-mailed once

    other = Client()
    opened = other.get(resume_url.replace("http://testserver", ""))
    assert opened.status_code == 302 and opened["Location"] == page.url
    resumed = other.get(page.url)
    assert current_step(resumed) == "giay-to"
    back = other.get(page.url + "?buoc=nguoi-nop")
    assert 'value="Nguyễn Văn An"' in back.content.decode()


def test_unknown_or_expired_draft_link(client, page, settings):
    assert client.get("/nop-ho-so/tiep-tuc/khong-co/").status_code == 404
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    draft = Draft.objects.get()
    settings.FORMS_DRAFT_DAYS = 0
    response = client.get(f"/nop-ho-so/tiep-tuc/{draft.token}/")
    assert response.status_code == 404
    assert "Không tìm thấy bản nháp" in response.content.decode()


def test_procedure_page_shows_submit_button_only_with_live_form(client, home, django_assert_max_num_queries):
    from django.template import Context, Template

    from tests.factories import procedure_make

    procedure = procedure_make()
    button = 'class="button button--primary-action" href="/nop-ho-so-truc-tuyen/'
    assert button not in client.get(procedure.url).content.decode()
    form_page = f.form_page_make(procedure=procedure)
    html = client.get(procedure.url).content.decode()
    assert f'class="button button--primary-action" href="{form_page.url}">Nộp hồ sơ trực tuyến</a>' in html
    lookup = Template("{% load submission_tags %}{% procedure_submission_form page as found %}{{ found.pk }}")
    with django_assert_max_num_queries(1):  # none once the page view has kept it in memory
        assert lookup.render(Context({"page": procedure})) == str(form_page.pk)
    form_page.unpublish()
    assert button not in client.get(procedure.url).content.decode()


def test_communes_json(client):
    response = client.get("/nop-ho-so/dia-gioi/1/")
    names = [c["name"] for c in response.json()["communes"]]
    assert "Phường Hoàn Kiếm" in names
    assert client.get("/nop-ho-so/dia-gioi/999/").status_code == 404


def test_dossier_status_starts_awaiting_reception(client, page):
    """Decree 61/2018/NĐ-CP as amended by 107/2021: an officer checks an online dossier before receiving it."""
    w.submit_all(client, page)
    dossier = Dossier.objects.get()
    assert dossier.status == DossierStatus.AWAITING_RECEPTION
    assert dossier.due_date is None


def test_dossier_size_limit_in_documents_step(client, page, settings):
    settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE = 3000
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    w.post_step(client, page, "khai-1", w.declaration_data())
    files = {str(doc.pk): f.upload(content=f.pdf_bytes(2000)) for doc in page.procedure.required_documents.all()}
    response = w.post_step(client, page, "giay-to", w.documents_data(page, **files))
    assert current_step(response) == "giay-to"
    assert "vượt quá mức cho phép của một hồ sơ" in response.content.decode()


def test_drafts_keep_answers_but_not_the_csrf_token(client, page):
    w.post_step(client, page, "nguoi-nop", {**w.applicant_data(), "csrfmiddlewaretoken": "bi-mat"})
    stored = Draft.objects.get().data["step_data"]["nguoi-nop"]
    assert stored["nguoi-nop-full_name"] == ["Nguyễn Văn An"]
    assert "csrfmiddlewaretoken" not in stored


def test_form_of_an_unpublished_procedure_says_it_is_closed(client, page):
    page.procedure.unpublish()
    response = client.get(page.url)
    assert response.status_code == 410
    assert "tạm ngừng nhận hồ sơ trực tuyến" in response.content.decode()


def test_editors_can_open_the_form_editor(client, page, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@b.vn", "x"))
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    parent = page.get_parent()
    assert client.get(f"/admin/pages/add/forms/submissionformpage/{parent.pk}/").status_code == 200


def test_body_larger_than_a_dossier_is_refused_before_parsing(client, page, settings):
    settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE = 1000
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    big = f.upload(content=f.pdf_bytes(2 * 1024 * 1024))
    response = w.post_step(client, page, "khai-1", {**w.declaration_data(), "x": big})
    assert response.status_code == 413
    assert "Tệp tải lên quá lớn" in response.content.decode()
    assert current_step(client.get(page.url)) == "khai-1"  # the draft is untouched


def test_second_click_on_submit_shows_the_dossier_already_created(client, page):
    client.get(page.url)
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    w.post_step(client, page, "khai-1", w.declaration_data())
    w.post_step(client, page, "giay-to", w.documents_data(page))
    w.post_step(client, page, "nhan-ket-qua", w.delivery_data())
    w.post_step(client, page, "kiem-tra", {})
    # The first click's request committed the dossier while this one was on its way.
    first = f.dossier_make(page=page, submission_key=Draft.objects.get().token)
    response = w.post_step(client, page, "cam-doan", {"cam-doan-agree": "on"}, follow=False)
    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu-ho-so/{first.access_token}/da-nop/"
    assert Dossier.objects.count() == 1 and Draft.objects.count() == 0


# -- date-order rules of the demo birth form -----------------------------------------------------


@pytest.fixture
def birth_page(home):
    from forms.demo import BIRTH

    return f.form_page_make(declaration=BIRTH)


def field_error(step_field: str, message: str) -> str:
    return f'<p class="field__error" id="id_{step_field}_loi">{message} </p>'


def test_child_born_after_today_is_refused_next_to_the_field_and_values_kept(client, birth_page):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    tomorrow = (today + timedelta(days=1)).isoformat()
    w.post_step(client, birth_page, "nguoi-nop", w.applicant_data())
    response = w.post_step(client, birth_page, "khai-1", w.birth_child_data(**{"khai-1-child_birth_date": tomorrow}))
    message = f"Ngày không được sau hôm nay ({today:%d/%m/%Y})."
    assert response.status_code == 200
    assert current_step(response) == "khai-1"
    assert response.context["form"].errors == {"child_birth_date": [message]}
    html = response.content.decode()
    assert field_error("khai-1-child_birth_date", message) in html
    assert f'value="{tomorrow}"' in html and 'value="Trạm y tế xã Hàm Chính"' in html

    today_ok = w.post_step(
        client, birth_page, "khai-1", w.birth_child_data(**{"khai-1-child_birth_date": today.isoformat()})
    )
    assert current_step(today_ok) == "khai-2"


def test_mother_born_after_the_child_is_refused_naming_the_child_step(client, birth_page):
    w.post_step(client, birth_page, "nguoi-nop", w.applicant_data())
    w.post_step(client, birth_page, "khai-1", w.birth_child_data())
    message = (
        "Ngày này phải trước ngày đã khai ở mục “Ngày, tháng, năm sinh” của bước “Người được khai sinh” (12/03/2026)."
    )
    for mother_birth_date in ("2026-03-12", "2026-05-01"):  # the same day is refused too
        response = w.post_step(
            client, birth_page, "khai-2", w.birth_parents_data(**{"khai-2-mother_birth_date": mother_birth_date})
        )
        assert current_step(response) == "khai-2"
        assert response.context["form"].errors == {"mother_birth_date": [message]}
        html = response.content.decode()
        assert field_error("khai-2-mother_birth_date", message) in html
        assert f'value="{mother_birth_date}"' in html and 'value="Trần Thị Cúc"' in html
    ok = w.post_step(client, birth_page, "khai-2", w.birth_parents_data(**{"khai-2-mother_birth_date": "2026-03-11"}))
    assert current_step(ok) == "giay-to"


def test_hidden_father_block_is_not_checked_but_shown_one_is(client, birth_page):
    w.post_step(client, birth_page, "nguoi-nop", w.applicant_data())
    w.post_step(client, birth_page, "khai-1", w.birth_child_data())
    father = {
        "khai-2-father_name": "Nguyễn Văn Dũng",
        "khai-2-father_birth_date": "2026-04-01",  # after the child: wrong, but not asked for
        "khai-2-father_ethnicity": "Kinh",
        "khai-2-father_nationality": "Việt Nam",
        "khai-2-father_id_number": "068194000456",
        "khai-2-father_residence_0": "1",
        "khai-2-father_residence_1": "70",
        "khai-2-father_residence_2": "Số 1 Tràng Tiền",
    }
    hidden = w.post_step(client, birth_page, "khai-2", w.birth_parents_data(**father))
    assert current_step(hidden) == "giay-to"

    shown = w.post_step(client, birth_page, "khai-2", w.birth_parents_data(**father, **{"khai-2-has_father": "co"}))
    assert current_step(shown) == "khai-2"
    assert shown.context["form"].errors == {
        "father_birth_date": [
            "Ngày này phải trước ngày đã khai ở mục “Ngày, tháng, năm sinh” của bước “Người được khai sinh” "
            "(12/03/2026)."
        ]
    }


def birth_dossier_until_commitment(client, page) -> None:
    client.get(page.url)
    assert current_step(w.post_step(client, page, "nguoi-nop", w.applicant_data())) == "khai-1"
    assert current_step(w.post_step(client, page, "khai-1", w.birth_child_data())) == "khai-2"
    assert current_step(w.post_step(client, page, "khai-2", w.birth_parents_data())) == "giay-to"
    assert current_step(w.post_step(client, page, "giay-to", w.documents_data(page))) == "nhan-ket-qua"
    assert current_step(w.post_step(client, page, "nhan-ket-qua", w.delivery_data())) == "kiem-tra"
    assert current_step(w.post_step(client, page, "kiem-tra", {})) == "cam-doan"


def test_correct_birth_dossier_submits(client, birth_page):
    birth_dossier_until_commitment(client, birth_page)
    response = w.post_step(client, birth_page, "cam-doan", {"cam-doan-agree": "on"}, follow=False)
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.answers["child_birth_date"] == "2026-03-12"
    assert dossier.answers["mother_birth_date"] == "1996-05-20"
    assert "father_birth_date" not in dossier.answers


def test_final_revalidation_catches_a_child_date_changed_after_the_parents_step(client, birth_page):
    birth_dossier_until_commitment(client, birth_page)
    # Back to the child's step from the review: a date before the mother's birth still passes that step.
    changed = w.birth_child_data(**{"khai-1-child_birth_date": "1990-01-01"})
    assert current_step(w.post_step(client, birth_page, "khai-1", {**changed, "wizard_goto_step": "cam-doan"})) == (
        "cam-doan"
    )
    response = w.post_step(client, birth_page, "cam-doan", {"cam-doan-agree": "on"})
    assert response.status_code == 200
    assert current_step(response) == "khai-2"
    assert response.context["form"].errors == {
        "mother_birth_date": [
            "Ngày này phải trước ngày đã khai ở mục “Ngày, tháng, năm sinh” của bước “Người được khai sinh” "
            "(01/01/1990)."
        ]
    }
    assert Dossier.objects.count() == 0
