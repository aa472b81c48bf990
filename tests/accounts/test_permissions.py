"""Citizen A never reaches citizen B's dossiers, drafts, saved documents or files, whatever address A types."""

import pytest

from forms.files.services import AttachmentInput
from forms.lifecycle.services import dossier_transition
from forms.models import AttachmentKind, DossierStatus, Draft
from tests.accounts import factories as af
from tests.forms import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(other_citizen, home):
    """Everything citizen B has: a dossier awaiting a supplement, one with a result, a draft, a saved document."""
    page = f.form_page_make()
    officer = f.receiving_officer()
    asked = f.dossier_make(page=page, owner=other_citizen)
    dossier_transition(dossier=asked, to_status=DossierStatus.SUPPLEMENT_REQUESTED, actor=officer, note="Ghi chú B")
    ready = f.dossier_make(page=page, owner=other_citizen)
    dossier_transition(dossier=ready, to_status=DossierStatus.PROCESSING, actor=officer)
    result = AttachmentInput(slot="", label="Kết quả của B", name="ket-qua-b.pdf", file=f.upload())
    dossier_transition(dossier=ready, to_status=DossierStatus.RESULT_READY, actor=officer, attachments=[result])
    return {
        "asked": asked,
        "ready": ready,
        "result": ready.attachments.get(kind=AttachmentKind.RESULT),
        "submitted": asked.attachments.filter(kind=AttachmentKind.SUBMITTED).first(),
        "draft": Draft.objects.create(token="ban-nhap-cua-b", form_page=page, owner=other_citizen),
        "document": af.saved_document_make(owner=other_citizen, label="Giấy tờ riêng của B"),
    }


def test_a_sees_none_of_bs_things_in_the_account(client, citizen, theirs):
    client.force_login(citizen)
    pages = client.get("/tai-khoan/").content.decode() + client.get("/tai-khoan/giay-to/").content.decode()
    for secret in [
        theirs["asked"].code,
        theirs["ready"].code,
        theirs["asked"].access_token,
        "Ghi chú B",
        "Kết quả của B",
        theirs["draft"].token,
        "Giấy tờ riêng của B",
    ]:
        assert secret not in pages


def test_a_gets_404_for_every_address_of_bs_things(client, citizen, theirs):
    client.force_login(citizen)
    ready, asked = theirs["ready"], theirs["asked"]
    urls = [
        f"/tai-khoan/ho-so/{ready.pk}/tep/{theirs['result'].pk}/",
        f"/tai-khoan/ho-so/{asked.pk}/tep/{theirs['submitted'].pk}/",
        f"/tai-khoan/giay-to/{theirs['document'].pk}/",
        f"/nop-ho-so/tiep-tuc/{theirs['draft'].token}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_as_posts_to_bs_things_change_nothing(client, citizen, theirs):
    client.force_login(citizen)
    asked, document = theirs["asked"], theirs["document"]
    prefix = f"bo-sung-{asked.pk}"
    supplement = client.post(f"/tai-khoan/ho-so/{asked.pk}/bo-sung/", {f"{prefix}-file_0": f.upload()})
    delete = client.post(f"/tai-khoan/giay-to/{document.pk}/xoa/")

    assert (supplement.status_code, delete.status_code) == (404, 404)
    asked.refresh_from_db()
    assert asked.status == DossierStatus.SUPPLEMENT_REQUESTED
    assert not asked.attachments.filter(kind=AttachmentKind.SUPPLEMENT).exists()
    assert type(document).objects.filter(pk=document.pk).exists()


def test_a_cannot_claim_bs_dossier_even_knowing_its_code_and_phone(client, citizen, theirs):
    client.force_login(citizen)
    ready = theirs["ready"]
    response = client.post("/tai-khoan/them-ho-so/", {"them-ho-so-code": ready.code, "them-ho-so-phone": "0912345678"})
    assert response.status_code == 400
    ready.refresh_from_db()
    assert ready.owner != citizen


def test_bs_own_things_still_open_for_b(client, other_citizen, theirs):
    client.force_login(other_citizen)
    assert client.get(f"/tai-khoan/ho-so/{theirs['ready'].pk}/tep/{theirs['result'].pk}/").status_code == 200
    assert client.get(f"/tai-khoan/giay-to/{theirs['document'].pk}/").status_code == 200
    assert client.get(f"/nop-ho-so/tiep-tuc/{theirs['draft'].token}/").status_code == 302
