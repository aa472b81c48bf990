"""The standard flow: every online or postal procedure takes a dossier without a hand-built form.

Also the wizard's post/redirect/get behaviour, errors only on submitted steps, "Sửa" back to the
review and the autosave, which every flow shares.
"""

import pytest

from cms.models import DocumentKind, OnlineMode, ProcedureDocument, ProcedurePage
from forms.models import Dossier, DossierStatus, Draft, DraftFile
from tests.factories import procedure_make
from tests.forms import factories as f
from tests.forms.intake import wizard as w

pytestmark = pytest.mark.django_db

CONDITION = "Trường hợp ủy quyền thực hiện thủ tục"


def procedure_with_papers(**fields):
    """A procedure whose papers are of every kind the import tells apart."""
    procedure = procedure_make(documents=0, **fields)
    papers = [
        ("Tờ khai đăng ký", DocumentKind.REQUIRED, ""),
        ("Văn bản ủy quyền", DocumentKind.CONDITIONAL, CONDITION),
        ("Căn cước của người đi đăng ký", DocumentKind.PRESENT, ""),
        ("Lưu ý: nộp bản sao có chứng thực", DocumentKind.NOTE, ""),
        ("Tờ khai điện tử tương tác", DocumentKind.EFORM, ""),
    ]
    for order, (name, kind, condition) in enumerate(papers):
        procedure.required_documents.add(
            ProcedureDocument(name=name, kind=kind, condition=condition, quantity="01 bản", sort_order=order)
        )
    procedure.save_revision().publish()
    procedure.refresh_from_db()
    return procedure


class Flow:
    """The wizard of a procedure's standard flow, driven like tests.forms.intake.wizard drives a form page."""

    def __init__(self, procedure):
        self.procedure = procedure
        self.url = f"/nop-ho-so/thu-tuc/{procedure.code}/"
        self.pk = procedure.pk

    def post(self, client, step: str, data: dict, follow: bool = True):
        management = {f"procedure-{self.pk}-current_step": step}
        return client.post(self.url, {**management, **data}, follow=follow)


REQUEST = {"de-nghi-request": "Cấp giấy xác nhận để đăng ký kết hôn."}


def to_documents(client, flow) -> None:
    """The applicant and request steps, done."""
    flow.post(client, "nguoi-nop", w.applicant_data())
    flow.post(client, "de-nghi", REQUEST)


def slot(procedure, name: str) -> str:
    return str(ProcedureDocument.objects.get(page=procedure, name=name).pk)


def current_step(response) -> str:
    return response.context["wizard"]["steps"].current


@pytest.fixture
def procedure(home):
    return procedure_with_papers()


def test_procedure_without_form_links_to_its_standard_flow(client, procedure):
    html = client.get(procedure.url).content.decode()
    assert f'href="/nop-ho-so/thu-tuc/{procedure.code}/"' in html
    assert "Nộp hồ sơ trực tuyến" in html


def test_in_person_procedure_says_where_and_when(client, home):
    from cms.models import CommuneSettings

    CommuneSettings.objects.update_or_create(
        site_id=home.get_site().pk,
        defaults={
            "address": "Số 5 đường Trần Hưng Đạo",
            "opening_hours": "Sáng: 7 giờ 30 – 11 giờ 30",
            "hotline": "0252 3 000 000",
        },
    )
    procedure = procedure_make(online_mode=OnlineMode.NONE, postal_submission=False)
    html = client.get(procedure.url).content.decode()
    assert "Thủ tục này chỉ thực hiện trực tiếp tại Bộ phận Một cửa" in html
    assert "Số 5 đường Trần Hưng Đạo" in html
    assert "Sáng: 7 giờ 30 – 11 giờ 30" in html
    assert "/nop-ho-so/thu-tuc/" not in html
    # The standard flow's address sends such a procedure back to its page.
    response = client.get(f"/nop-ho-so/thu-tuc/{procedure.code}/")
    assert response.status_code == 302 and response["Location"] == procedure.url


def test_procedure_with_a_form_sends_the_standard_address_to_the_form(client, home):
    page = f.form_page_make()
    response = client.get(f"/nop-ho-so/thu-tuc/{page.procedure.code}/")
    assert response.status_code == 302 and response["Location"] == page.url


def test_unknown_code_is_not_found(client, home):
    assert client.get("/nop-ho-so/thu-tuc/9.999999/").status_code == 404


def test_documents_step_asks_only_for_papers_to_upload(client, procedure):
    flow = Flow(procedure)
    to_documents(client, flow)
    response = client.get(flow.url + "?buoc=giay-to")
    html = response.content.decode()
    form = response.context["form"]
    uploads = [name for _kind, name in form.layout if name.startswith("doc_")]
    # The standard flow has no declaration steps: the electronic declaration may be attached instead.
    assert uploads == [
        f"doc_{slot(procedure, 'Tờ khai đăng ký')}",
        f"doc_{slot(procedure, 'Tờ khai điện tử tương tác')}",
        f"doc_{slot(procedure, 'Văn bản ủy quyền')}",
    ]
    assert not form.fields[f"doc_{slot(procedure, 'Tờ khai điện tử tương tác')}"].is_required_document
    assert CONDITION in html  # the case to tick
    assert "Mang theo để xuất trình" in html and "Căn cước của người đi đăng ký" in html
    assert "Lưu ý: nộp bản sao có chứng thực" in html


def test_conditional_paper_is_needed_only_when_its_case_is_ticked(client, procedure):
    flow = Flow(procedure)
    to_documents(client, flow)
    required = slot(procedure, "Tờ khai đăng ký")
    conditional = slot(procedure, "Văn bản ủy quyền")
    upload = {"giay-to-channel": "online", f"giay-to-doc_{required}": f.upload(name="to-khai.pdf")}
    ticked = flow.post(client, "giay-to", {**upload, "giay-to-cases": [conditional]})
    assert current_step(ticked) == "giay-to"
    assert ticked.context["form"].errors == {
        f"doc_{conditional}": ["Hãy tải lên tệp của giấy tờ này (cần cho trường hợp ông/bà đã đánh dấu)."]
    }
    untick = flow.post(client, "giay-to", {"giay-to-channel": "online"})
    assert current_step(untick) == "nhan-ket-qua"  # the kept declaration counts; no case applies


def test_standard_flow_submits_a_dossier_awaiting_reception(client, procedure):
    flow = Flow(procedure)
    client.get(flow.url)
    assert current_step(flow.post(client, "nguoi-nop", w.applicant_data())) == "de-nghi"
    assert current_step(flow.post(client, "de-nghi", REQUEST)) == "giay-to"
    files = {
        "giay-to-channel": "online",
        "giay-to-cases": [slot(procedure, "Văn bản ủy quyền")],
        f"giay-to-doc_{slot(procedure, 'Tờ khai đăng ký')}": f.upload(name="to-khai.pdf"),
        f"giay-to-doc_{slot(procedure, 'Văn bản ủy quyền')}": f.upload(name="uy-quyen.pdf"),
    }
    assert current_step(flow.post(client, "giay-to", files)) == "nhan-ket-qua"
    assert current_step(flow.post(client, "nhan-ket-qua", w.delivery_data())) == "kiem-tra"
    assert current_step(flow.post(client, "kiem-tra", {})) == "cam-doan"
    done = flow.post(client, "cam-doan", {"cam-doan-agree": "on"}, follow=False)

    dossier = Dossier.objects.get()
    assert done.status_code == 302
    assert done["Location"] == f"/tra-cuu-ho-so/{dossier.access_token}/da-nop/"
    assert dossier.form_page is None and dossier.procedure_id == procedure.pk
    assert dossier.status == DossierStatus.AWAITING_RECEPTION
    assert dossier.channel == "online"
    assert sorted(a.label for a in dossier.attachments.all()) == ["Tờ khai đăng ký", "Văn bản ủy quyền"]
    conditional = slot(procedure, "Văn bản ủy quyền")
    assert dossier.answers == {
        "request": REQUEST["de-nghi-request"],
        "document_cases": [CONDITION],
        "document_conditions": [conditional],
    }
    assert ["Trường hợp áp dụng", CONDITION] in dossier.snapshot[2]["rows"]
    # The session that submitted sees its answers and files; the link elsewhere does not.
    assert dossier.applicant_name in client.get(done["Location"]).content.decode()
    assert client.get(f"/tra-cuu-ho-so/{dossier.access_token}/").context["access_granted"] is True
    client.cookies.clear()
    assert dossier.applicant_name not in client.get(done["Location"]).content.decode()
    assert Draft.objects.count() == 0 and DraftFile.objects.count() == 0


def test_postal_choice_needs_no_upload_and_registers_awaiting_papers(client, procedure):
    flow = Flow(procedure)
    to_documents(client, flow)
    assert current_step(flow.post(client, "giay-to", {"giay-to-channel": "post"})) == "nhan-ket-qua"
    flow.post(client, "nhan-ket-qua", w.delivery_data())
    flow.post(client, "kiem-tra", {})
    confirmation = flow.post(client, "cam-doan", {"cam-doan-agree": "on"})
    dossier = Dossier.objects.get()
    assert (dossier.channel, dossier.status) == ("post", DossierStatus.AWAITING_RECEPTION)
    assert dossier.attachments.count() == 0
    html = confirmation.content.decode()
    assert "Đã đăng ký gửi hồ sơ qua bưu điện" in html
    assert "In phiếu gửi hồ sơ và tờ khai ở trên" in html


def test_postal_only_procedure_offers_no_upload_choice(client, home):
    procedure = procedure_with_papers(online_mode=OnlineMode.NONE, postal_submission=True)
    flow = Flow(procedure)
    to_documents(client, flow)
    form = client.get(flow.url + "?buoc=giay-to").context["form"]
    assert "channel" not in form.fields
    assert current_step(flow.post(client, "giay-to", {})) == "nhan-ket-qua"
    flow.post(client, "nhan-ket-qua", w.delivery_data())
    assert ["Cách nộp giấy tờ", "Gửi bộ hồ sơ giấy qua bưu điện (bưu chính công ích)"] in [
        list(row) for row in client.get(flow.url + "?buoc=kiem-tra").context["sections"][2]["rows"]
    ]


def test_every_step_post_answers_with_a_redirect_to_a_get(client, procedure):
    """Post/redirect/get: Back and Forward only ever reload GETs, so no resubmission warning."""
    flow = Flow(procedure)
    refused = flow.post(client, "nguoi-nop", {}, follow=False)
    assert refused.status_code == 302 and refused["Location"].endswith("?buoc=nguoi-nop")
    accepted = flow.post(client, "nguoi-nop", w.applicant_data(), follow=False)
    assert accepted.status_code == 302 and accepted["Location"].endswith("?buoc=de-nghi")
    back = flow.post(client, "de-nghi", {"wizard_goto_step": "nguoi-nop"}, follow=False)
    assert back.status_code == 302 and back["Location"].endswith("?buoc=nguoi-nop")


def test_errors_show_only_on_a_step_the_citizen_submitted(client, procedure):
    flow = Flow(procedure)
    partial = w.applicant_data(**{"nguoi-nop-phone": ""})
    # Typed but not sent ("Quay lại" or autosave): kept, and shown without errors.
    saved = client.post(flow.url, {f"procedure-{procedure.pk}-current_step": "nguoi-nop", "autosave": "1", **partial})
    assert saved.status_code == 200 and saved.json()["saved"] is True
    quiet = client.get(flow.url + "?buoc=nguoi-nop")
    assert quiet.context["form"].errors == {}
    assert 'value="Nguyễn Văn An"' in quiet.content.decode()
    # Sent with "Tiếp tục": the error is next to the field after the redirect.
    loud = flow.post(client, "nguoi-nop", partial)
    assert current_step(loud) == "nguoi-nop"
    assert "phone" in loud.context["form"].errors


def test_autosave_keeps_typing_in_the_draft_and_says_what_it_saved(client, procedure):
    flow = Flow(procedure)
    response = client.post(
        flow.url,
        {f"procedure-{procedure.pk}-current_step": "nguoi-nop", "autosave": "1", **w.applicant_data()},
    )
    body = response.json()
    assert body["message"].startswith("Đã lưu nháp lúc ")
    assert "Tệp đính kèm chỉ được lưu khi bấm “Tiếp tục”" in body["message"]
    draft = Draft.objects.get()
    assert draft.procedure_id == procedure.pk and draft.form_page_id is None
    assert body["resume_url"].endswith(f"/nop-ho-so/tiep-tuc/{draft.token}/")
    assert draft.data["step_data"]["nguoi-nop"]["nguoi-nop-full_name"] == ["Nguyễn Văn An"]
    # The autosave is not a "Tiếp tục": the next step is still out of reach.
    assert current_step(client.get(flow.url + "?buoc=de-nghi")) == "nguoi-nop"


def test_resume_link_is_offered_from_the_first_step(client, procedure):
    flow = Flow(procedure)
    html = client.get(flow.url).content.decode()
    assert "đường dẫn để tiếp tục sau sẽ hiện ở đây" in html
    flow.post(client, "nguoi-nop", w.applicant_data())
    draft = Draft.objects.get()
    first = client.get(flow.url + "?buoc=nguoi-nop").content.decode()
    assert f"/nop-ho-so/tiep-tuc/{draft.token}/" in first


def test_resume_link_opens_the_standard_flow_on_another_device(client, procedure):
    flow = Flow(procedure)
    to_documents(client, flow)
    token = Draft.objects.get().token
    from django.test import Client

    other = Client()
    response = other.get(f"/nop-ho-so/tiep-tuc/{token}/", follow=True)
    assert current_step(response) == "giay-to"


def test_edit_from_the_review_returns_to_the_review(client, procedure):
    flow = Flow(procedure)
    to_documents(client, flow)
    flow.post(client, "giay-to", {"giay-to-channel": "post"})
    flow.post(client, "nhan-ket-qua", w.delivery_data())
    review = client.get(flow.url + "?buoc=kiem-tra").content.decode()
    assert 'href="?buoc=nguoi-nop&amp;sua=1"' in review
    editing = client.get(flow.url + "?buoc=nguoi-nop&sua=1")
    assert "Lưu và quay lại phần kiểm tra" in editing.content.decode()
    changed = flow.post(client, "nguoi-nop", w.applicant_data(**{"nguoi-nop-full_name": "Lê Thị Hoa"}))
    assert current_step(changed) == "kiem-tra"
    assert "Lê Thị Hoa" in changed.content.decode()


def test_on_behalf_is_not_preselected(client, procedure):
    flow = Flow(procedure)
    html = client.get(flow.url).content.decode()
    assert 'value="self" checked' not in html and 'value="other" checked' not in html
    refused = flow.post(client, "nguoi-nop", w.applicant_data(**{"nguoi-nop-applying_for": ""}))
    assert refused.context["form"].errors["applying_for"] == [
        "Hãy cho biết ông/bà nộp cho bản thân hay nộp thay người khác."
    ]


def test_a_form_whose_declaration_names_the_people_does_not_ask_on_behalf(client, home):
    page = f.form_page_make(ask_on_behalf=False)
    form = client.get(page.url).context["form"]
    assert "applying_for" not in form.fields and "represented_name" not in form.fields


def test_copies_are_asked_once(client, home):
    """The demo birth form asks for copies of the certificate: the delivery step does not ask again."""
    from forms.demo import BIRTH

    page = f.form_page_make(declaration=BIRTH)
    w.post_step(client, page, "nguoi-nop", w.applicant_data())
    w.post_step(client, page, "khai-1", w.birth_child_data())
    w.post_step(client, page, "khai-2", w.birth_parents_data(**{"khai-2-wants_copies": "co", "khai-2-copies": "2"}))
    w.post_step(client, page, "giay-to", w.documents_data(page))
    delivery = client.get(page.url + "?buoc=nhan-ket-qua")
    assert current_step(delivery) == "nhan-ket-qua"
    assert "extra_copies" not in delivery.context["form"].fields
    w.post_step(client, page, "nhan-ket-qua", {"nhan-ket-qua-method": "counter"})
    w.post_step(client, page, "kiem-tra", {})
    w.post_step(client, page, "cam-doan", {"cam-doan-agree": "on"})
    assert Dossier.objects.get().extra_copies == 2


def test_an_editor_chooses_per_form_which_papers_are_asked_and_required(client, procedure):
    from forms.intake.documents import document_slots
    from forms.models import FormDocumentChoice

    page = f.form_page_make(procedure=procedure, declaration=[])
    declaration = ProcedureDocument.objects.get(page=procedure, name="Tờ khai đăng ký")
    shown = ProcedureDocument.objects.get(page=procedure, name="Căn cước của người đi đăng ký")
    FormDocumentChoice.objects.create(page=page, document=declaration, asked="hidden")
    FormDocumentChoice.objects.create(page=page, document=shown, asked="optional")

    procedure = ProcedurePage.objects.get(pk=procedure.pk)
    slots = document_slots(procedure=procedure, form_page=page)
    assert [(s.name, s.kind, s.needed(set())) for s in slots] == [
        ("Văn bản ủy quyền", "conditional", False),
        ("Căn cước của người đi đăng ký", "optional", False),
    ]
    # The catalogue's kinds still decide for the standard flow of the same procedure.
    assert [s.name for s in document_slots(procedure=procedure)] == ["Tờ khai đăng ký", "Văn bản ủy quyền"]


def test_form_admin_offers_only_the_procedure_papers(admin_client, procedure):
    page = f.form_page_make(procedure=procedure, declaration=[])
    f.form_page_make()  # another procedure's papers must not be offered
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Giấy tờ tải lên (tùy chỉnh)" in html
    assert html.count("Tờ khai đăng ký (Bắt buộc nộp)") >= 1
    assert "Tờ khai 1 (Bắt buộc nộp)" not in html


def test_back_after_sending_says_the_dossier_was_sent(client, procedure):
    flow = Flow(procedure)
    to_documents(client, flow)
    flow.post(client, "giay-to", {"giay-to-channel": "post"})
    flow.post(client, "nhan-ket-qua", w.delivery_data())
    flow.post(client, "kiem-tra", {})
    flow.post(client, "cam-doan", {"cam-doan-agree": "on"})
    dossier = Dossier.objects.get()
    html = client.get(flow.url + "?buoc=cam-doan").content.decode()
    assert f"Ông/bà đã gửi hồ sơ {dossier.code}" in html
    assert f"/tra-cuu-ho-so/{dossier.access_token}/" in html


def test_conditional_slot_is_shown_by_the_browser_when_its_case_is_ticked(client, procedure):
    """The block's data-show-when-value is the checkbox's own value (the slot), so the script can match it."""
    flow = Flow(procedure)
    to_documents(client, flow)
    html = client.get(flow.url + "?buoc=giay-to").content.decode()
    conditional = slot(procedure, "Văn bản ủy quyền")
    assert f'data-show-when-value="{conditional}"' in html
    assert f'value="{conditional}"' in html
