"""Electronic results carry their SHA-256 (issue #13, level 4): computed while the file is written,
shown to those who may download it ("Hồ sơ của tôi", the tracking page), to nobody else; the
dossier remembers when it first got one (``electronic_result_at``, for the statistics).

The expected digests are written out here (computed once with ``sha256sum``), never taken from
the code under test.
"""

import importlib

import pytest

from django.apps import apps

from forms.files.services import AttachmentInput, attachment_store
from forms.lifecycle.services import dossier_result_attach, dossier_transition
from forms.models import AttachmentKind, Dossier, DossierAttachment, DossierStatus
from tests.accounts import factories as af
from tests.forms import factories as f

pytestmark = pytest.mark.django_db

RESULT_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    b"% Giay khai sinh ban dien tu, UBND xa Demo\n"
)
RESULT_SHA256 = "5e50bda92f854f5b94a483111ebfbb19f3b87d1c6a4a8bcffb8cc14e22aba0cd"

# 320 kB: several upload chunks (64 kB each), so the digest is fed chunk by chunk.
LARGE_PDF = b"%PDF-1.4\n" + b"0123456789abcdef" * 20000 + b"\n%%EOF\n"
LARGE_SHA256 = "d6158658973587b25e7e474ff2a52abac575cfccc6a80bf492ebf7d268c549fc"


@pytest.fixture
def page(home):
    return f.form_page_make()


def result_ready(dossier, content: bytes = RESULT_PDF):
    officer = f.receiving_officer()
    dossier_transition(dossier=dossier, to_status=DossierStatus.PROCESSING, actor=officer)
    result = AttachmentInput(
        slot="", label="Giấy khai sinh (bản điện tử)", name="giay-khai-sinh.pdf", file=f.upload(content=content)
    )
    dossier_transition(dossier=dossier, to_status=DossierStatus.RESULT_READY, actor=officer, attachments=[result])
    return dossier.attachments.get(kind=AttachmentKind.RESULT)


def test_the_result_file_gets_the_sha256_of_its_bytes(page):
    result = result_ready(f.dossier_make(page=page))
    assert result.sha256 == RESULT_SHA256
    with result.file.open("rb") as handle:
        assert handle.read() == RESULT_PDF


def test_a_file_of_several_chunks_is_hashed_whole(page):
    dossier = f.dossier_make(page=page)
    item = AttachmentInput(slot="", label="Bản quét", name="ban-quet.pdf", file=f.upload(content=LARGE_PDF))
    stored = attachment_store(dossier=dossier, item=item, kind=AttachmentKind.SUBMITTED)
    stored.refresh_from_db()
    assert stored.size == len(LARGE_PDF)
    assert stored.sha256 == LARGE_SHA256


def test_the_submitted_files_get_a_checksum_too(page):
    dossier = f.dossier_make(page=page)
    assert all(len(a.sha256) == 64 for a in dossier.attachments.all())


def test_the_owner_sees_the_checksum_in_the_account_and_on_the_tracking_page(client, page):
    citizen = af.citizen_make()
    dossier = f.dossier_make(page=page, owner=citizen)
    result_ready(dossier)
    client.force_login(citizen)

    for address in ("/tai-khoan/", f"/tra-cuu-ho-so/{dossier.access_token}/"):
        html = client.get(address).content.decode()
        assert f'Mã kiểm tra SHA-256: <code class="checksum__value">{RESULT_SHA256}</code>' in html, address
        assert "shasum -a 256" in html and "certutil -hashfile" in html, address


def test_the_checksum_is_not_shown_to_others(client, page, django_user_model):
    citizen = af.citizen_make()
    dossier = f.dossier_make(page=page, owner=citizen)
    result_ready(dossier)
    tracking = f"/tra-cuu-ho-so/{dossier.access_token}/"

    assert RESULT_SHA256 not in client.get(tracking).content.decode()  # the link alone
    client.force_login(af.citizen_make())
    assert RESULT_SHA256 not in client.get("/tai-khoan/").content.decode()
    assert RESULT_SHA256 not in client.get(tracking).content.decode()
    client.force_login(django_user_model.objects.create_user("nguoi-la", password="x"))
    assert RESULT_SHA256 not in client.get(tracking).content.decode()


def test_the_migration_fills_existing_results_and_skips_missing_files(page):
    result = result_ready(f.dossier_make(page=page))
    gone = result_ready(f.dossier_make(page=page))
    gone.file.storage.delete(gone.file.name)
    submitted = f.dossier_make(page=page).attachments.first()
    DossierAttachment.objects.update(sha256="")

    migration = importlib.import_module("forms.migrations.0014_attachment_sha256")
    migration.result_checksums_fill(apps, None)
    migration.result_checksums_fill(apps, None)  # again: nothing changes

    result.refresh_from_db()
    gone.refresh_from_db()
    submitted.refresh_from_db()
    assert result.sha256 == RESULT_SHA256
    assert gone.sha256 == ""
    assert submitted.sha256 == ""  # only results are shown with a checksum


def test_the_dossier_remembers_when_it_first_got_an_electronic_result(page):
    dossier = f.dossier_make(page=page)
    assert dossier.electronic_result_at is None
    result_ready(dossier)
    dossier.refresh_from_db()
    first = dossier.electronic_result_at
    assert first is not None

    extra = AttachmentInput(slot="", label="Bản sao", name="ban-sao.pdf", file=f.upload(content=RESULT_PDF))
    dossier_result_attach(dossier=dossier, actor=f.receiving_officer(), attachments=[extra])
    dossier.refresh_from_db()
    assert dossier.electronic_result_at == first  # the first one counts


def test_a_result_on_paper_only_leaves_it_empty(page):
    dossier = f.dossier_make(page=page)
    officer = f.receiving_officer()
    dossier_transition(dossier=dossier, to_status=DossierStatus.PROCESSING, actor=officer)
    dossier_transition(dossier=dossier, to_status=DossierStatus.RESULT_READY, actor=officer)
    dossier.refresh_from_db()
    assert dossier.electronic_result_at is None


def test_a_result_attached_later_sets_it(page):
    dossier = f.dossier_make(page=page)
    officer = f.receiving_officer()
    dossier_transition(dossier=dossier, to_status=DossierStatus.PROCESSING, actor=officer)
    extra = AttachmentInput(slot="", label="Kết quả", name="ket-qua.pdf", file=f.upload(content=RESULT_PDF))
    dossier_result_attach(dossier=dossier, actor=officer, attachments=[extra])
    assert Dossier.objects.get(pk=dossier.pk).electronic_result_at is not None


def test_the_migration_dates_existing_results_by_their_first_file(page):
    with_result = f.dossier_make(page=page)
    stored = result_ready(with_result)
    without = f.dossier_make(page=page)
    Dossier.objects.update(electronic_result_at=None)

    migration = importlib.import_module("forms.migrations.0015_dossier_electronic_result_at")
    migration.electronic_results_fill(apps, None)

    assert Dossier.objects.get(pk=with_result.pk).electronic_result_at == stored.created_at
    assert Dossier.objects.get(pk=without.pk).electronic_result_at is None
