"""Private files on a real S3-compatible server (issue #17, several machines).

The server is moto's S3 server on 127.0.0.1 (``tests/objectstorage.py``; ``S3_TEST_ENDPOINT``
points the tests at another one, a MinIO). Every check reads the bucket itself: what was PUT,
what was deleted, what a signed link answers. The expected digests are written out (computed
once with ``sha256sum``), never taken from the code under test.
"""

import errno
import hashlib
import os
import re
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config

from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone

from forms.files.services import AttachmentInput, attachment_store, stray_files_sweep
from forms.files.storage import FileStorageUnavailable, PrivateObjectStorage, private_storage
from forms.intake.flows import flow_for_page
from forms.intake.services import draft_create, draft_file_put, draft_purge_expired
from forms.lifecycle.retention import dossier_anonymise
from forms.lifecycle.services import dossier_transition
from forms.models import AttachmentKind, Dossier, DossierAttachment, DossierStatus, Draft, DraftFile
from portal.objectstorage import object_storages, public_media_origins
from tests.forms import factories as f
from tests.objectstorage import private_object_storage_make

S = DossierStatus

# 320 kB: several upload chunks (64 kB), so the checksum is fed chunk by chunk while the PUT reads.
LARGE_PDF = b"%PDF-1.4\n" + b"0123456789abcdef" * 20000 + b"\n%%EOF\n"
LARGE_SHA256 = "d6158658973587b25e7e474ff2a52abac575cfccc6a80bf492ebf7d268c549fc"


@pytest.fixture
def page(home):
    return f.form_page_make()


def object_key(attachment) -> str:
    return f"private/{attachment.file.name}"


def redirected_to_bucket(response, store) -> bool:
    return response.status_code == 302 and response["Location"].startswith(f"{store.server.endpoint}/{store.bucket}/")


def fetch(url: str):
    """(status, body, headers) of a GET of ``url``, as a browser following the redirect gets them."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read(), answer.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


# Configuration from the environment


def test_without_a_bucket_files_stay_on_the_local_disk():
    assert object_storages({}) == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {"BACKEND": "forms.files.storage.PrivateStorage"},
    }
    assert public_media_origins({}) == []


def test_a_bucket_sends_public_and_private_files_to_separate_places():
    environ = {
        "S3_BUCKET": "tinh-cong",
        "S3_PRIVATE_BUCKET": "tinh-rieng",
        "S3_ENDPOINT_URL": "https://s3.tinh.gov.vn",
        "S3_ACCESS_KEY_ID": "khoa",
        "S3_SECRET_ACCESS_KEY": "bi-mat",
        "S3_REGION": "vn-south-1",
        "S3_PUBLIC_URL": "https://anh.dichvucong.tinh.gov.vn/tinh-cong",
    }
    storages = object_storages(environ, signed_url_seconds=45)
    public, private = storages["default"], storages["private"]
    assert public["BACKEND"] == "storages.backends.s3.S3Storage"
    assert private["BACKEND"] == "forms.files.storage.PrivateObjectStorage"
    assert (public["OPTIONS"]["bucket_name"], public["OPTIONS"]["location"]) == ("tinh-cong", "media")
    assert (private["OPTIONS"]["bucket_name"], private["OPTIONS"]["location"]) == ("tinh-rieng", "private")
    assert public["OPTIONS"]["querystring_auth"] is False  # image links that do not expire in cached pages
    assert public["OPTIONS"]["custom_domain"] == "anh.dichvucong.tinh.gov.vn/tinh-cong"
    assert private["OPTIONS"]["querystring_expire"] == 45
    for options in (public["OPTIONS"], private["OPTIONS"]):
        assert options["endpoint_url"] == "https://s3.tinh.gov.vn"
        assert (options["access_key"], options["secret_key"]) == ("khoa", "bi-mat")
        assert (options["region_name"], options["signature_version"], options["addressing_style"]) == (
            "vn-south-1",
            "s3v4",
            "path",
        )
    assert public_media_origins(environ) == ["https://anh.dichvucong.tinh.gov.vn"]


def test_one_bucket_keeps_private_files_under_their_own_prefix():
    storages = object_storages({"S3_BUCKET": "xa", "S3_ENDPOINT_URL": "http://10.0.0.5:9000"})
    assert storages["private"]["OPTIONS"]["bucket_name"] == "xa"
    assert storages["private"]["OPTIONS"]["location"] == "private"
    assert storages["private"]["OPTIONS"]["querystring_expire"] == 60
    assert public_media_origins({"S3_BUCKET": "xa", "S3_ENDPOINT_URL": "http://10.0.0.5:9000"}) == [
        "http://10.0.0.5:9000"
    ]


@pytest.mark.parametrize(
    "locations",
    [
        {"S3_PRIVATE_LOCATION": ""},
        {"S3_PUBLIC_LOCATION": "files", "S3_PRIVATE_LOCATION": "files"},
        {"S3_PUBLIC_LOCATION": "private/media"},
    ],
)
def test_private_files_never_share_a_prefix_with_public_ones(locations):
    # The sweep deletes what no row names under the private prefix: public files must never be there.
    with pytest.raises(ImproperlyConfigured):
        object_storages({"S3_BUCKET": "xa", **locations})
    assert object_storages({"S3_BUCKET": "xa", "S3_PRIVATE_BUCKET": "rieng", "S3_PRIVATE_LOCATION": ""})


def test_a_private_file_has_no_url_but_a_signed_link(s3_server):
    storage = private_object_storage_make(s3_server, "khong-dung")
    with pytest.raises(ValueError, match="không có địa chỉ công khai"):
        storage.url("dossiers/2026/12/a.pdf")
    link = storage.signed_url("dossiers/2026/12/a.pdf", expire=60)
    assert link.startswith(f"{s3_server.endpoint}/khong-dung/private/dossiers/2026/12/a.pdf?")
    assert parse_qs(urlsplit(link).query)["X-Amz-Expires"] == ["60"]


# Writing


@pytest.mark.django_db
def test_a_submitted_dossier_puts_its_files_in_the_bucket(page, object_storage):
    dossier = f.dossier_make(page=page, received=False)
    attachments = list(dossier.attachments.all())
    assert len(attachments) == 2
    assert object_storage.keys() == sorted(object_key(a) for a in attachments)
    for attachment in attachments:
        body = object_storage.body(object_key(attachment))
        assert body.startswith(b"%PDF-")
        assert attachment.size == len(body)
        assert attachment.sha256 == hashlib.sha256(body).hexdigest()
    # Nothing under pending/: an object appears whole or not at all, so it goes to its final key at once.
    assert not any(key.startswith("private/pending/") for key in object_storage.keys())


@pytest.mark.django_db
def test_the_checksum_is_computed_in_the_same_pass_as_the_upload(page, object_storage):
    dossier = f.dossier_make(page=page)
    item = AttachmentInput(slot="", label="Bản quét", name="ban-quet.pdf", file=f.upload(content=LARGE_PDF))
    stored = attachment_store(dossier=dossier, item=item, kind=AttachmentKind.SUBMITTED)
    stored.refresh_from_db()
    assert stored.sha256 == LARGE_SHA256
    assert object_storage.body(object_key(stored)) == LARGE_PDF


# Serving: the same permission checks, then a signed link of 60 s


@pytest.fixture
def sent(page, object_storage):
    dossier = f.dossier_make(page=page)
    return dossier, dossier.attachments.order_by("pk").first()


@pytest.mark.django_db
def test_the_token_holder_gets_a_signed_link_that_the_server_honours(sent, object_storage):
    dossier, attachment = sent
    browser = Client()
    f.tracking_open(browser, dossier)
    response = browser.get(f"/tra-cuu-ho-so/{dossier.access_token}/tep/{attachment.pk}/")
    assert redirected_to_bucket(response, object_storage)
    link = response["Location"]
    assert urlsplit(link).path == f"/{object_storage.bucket}/{object_key(attachment)}"
    query = parse_qs(urlsplit(link).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["response-content-type"] == ["application/pdf"]
    assert query["response-cache-control"] == ["private, no-store"]
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    status, body, headers = fetch(link)
    assert status == 200
    assert body == object_storage.body(object_key(attachment))
    assert headers["Content-Type"] == "application/pdf"
    # The citizen's file name, Vietnamese letters and all (RFC 6266), as the portal itself would send it.
    assert headers["Content-Disposition"] == "inline; filename*=utf-8''" + quote(attachment.original_name)
    if os.environ.get("S3_TEST_ENDPOINT"):
        # The lifetime is part of what is signed: a real server refuses a link stretched by hand
        # (moto checks no presigned signature, so this runs against a MinIO only).
        assert fetch(link.replace("X-Amz-Expires=60", "X-Amz-Expires=86400"))[0] == 403


@pytest.mark.django_db
def test_the_link_lives_as_long_as_the_setting_says(sent, object_storage, settings):
    dossier, attachment = sent
    settings.PRIVATE_FILE_URL_SECONDS = 15
    officer = f.receiving_officer()
    browser = Client()
    browser.force_login(officer)
    response = browser.get(f"/ho-so/tep/{attachment.pk}/")
    assert redirected_to_bucket(response, object_storage)
    assert parse_qs(urlsplit(response["Location"]).query)["X-Amz-Expires"] == ["15"]


@pytest.mark.django_db
def test_staff_who_may_see_dossiers_get_a_signed_link(sent, object_storage):
    _dossier, attachment = sent
    browser = Client()
    browser.force_login(f.receiving_officer())
    response = browser.get(f"/ho-so/tep/{attachment.pk}/")
    assert redirected_to_bucket(response, object_storage)
    assert fetch(response["Location"])[0] == 200


@pytest.mark.django_db
def test_a_stranger_gets_no_link_and_never_sees_the_key(sent, object_storage):
    dossier, attachment = sent
    key = object_key(attachment)
    stranger_staff = f.staff_make("nguoi-la", "Biên tập viên")
    for browser, address in (
        (Client(), f"/tra-cuu-ho-so/{dossier.access_token}/tep/{attachment.pk}/"),  # token without the phone
        (Client(), f"/ho-so/tep/{attachment.pk}/"),  # not signed in
        (Client(), f"/tai-khoan/ho-so/{dossier.pk}/tep/{attachment.pk}/"),
    ):
        response = browser.get(address)
        assert not redirected_to_bucket(response, object_storage), address
        answer = response.content.decode() + response.get("Location", "")
        assert key not in answer and object_storage.bucket not in answer and "X-Amz" not in answer, address
    browser = Client()
    browser.force_login(stranger_staff)
    response = browser.get(f"/ho-so/tep/{attachment.pk}/")
    assert response.status_code == 404
    assert key not in response.content.decode()


@pytest.mark.django_db
def test_the_owner_gets_a_signed_link_from_the_account_and_another_citizen_does_not(page, object_storage):
    from tests.accounts import factories as af

    owner, other = af.citizen_make(), af.citizen_make()
    dossier = f.dossier_make(page=page, owner=owner)
    attachment = dossier.attachments.order_by("pk").first()
    address = f"/tai-khoan/ho-so/{dossier.pk}/tep/{attachment.pk}/"
    browser = Client()
    browser.force_login(owner)
    response = browser.get(address)
    assert redirected_to_bucket(response, object_storage)
    browser = Client()
    browser.force_login(other)
    response = browser.get(address)
    assert response.status_code == 404 and object_key(attachment) not in response.content.decode()


@pytest.mark.django_db
def test_saved_documents_go_to_the_bucket_and_only_their_owner_gets_them(object_storage):
    from accounts.services import saved_document_create, saved_document_delete
    from tests.accounts import factories as af

    owner, other = af.citizen_make(), af.citizen_make()
    document = saved_document_create(owner=owner, label="Căn cước", file=f.upload(name="cccd.pdf"), name="cccd.pdf")
    key = f"private/{document.file.name}"
    assert key.startswith("private/accounts/documents/") and object_storage.keys() == [key]
    browser = Client()
    browser.force_login(owner)
    response = browser.get(f"/tai-khoan/giay-to/{document.pk}/")
    assert redirected_to_bucket(response, object_storage)
    browser.force_login(other)
    response = browser.get(f"/tai-khoan/giay-to/{document.pk}/")
    assert response.status_code == 404 and key not in response.content.decode()
    saved_document_delete(owner=owner, document=document)
    assert object_storage.keys() == []


@pytest.mark.django_db
def test_files_can_be_streamed_through_the_portal_instead(sent, object_storage, settings):
    dossier, attachment = sent
    settings.PRIVATE_FILE_DELIVERY = "stream"
    browser = Client()
    f.tracking_open(browser, dossier)
    response = browser.get(f"/tra-cuu-ho-so/{dossier.access_token}/tep/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == object_storage.body(object_key(attachment))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert object_storage.bucket not in str(response.headers)


# Sweeping, retention, drafts


@pytest.mark.django_db
def test_the_sweep_deletes_objects_no_row_names_once_older_than_the_grace(sent, object_storage):
    _dossier, attachment = sent
    client = object_storage.server.client()
    stray = "private/dossiers/2026/11/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.pdf"
    client.put_object(Bucket=object_storage.bucket, Key=stray, Body=b"x" * 1000)
    # Outside the private prefix: the public files (Wagtail's images), never the sweep's business.
    client.put_object(Bucket=object_storage.bucket, Key="media/images/anh.jpg", Body=b"anh")
    known = sorted(f"private/{a.file.name}" for a in DossierAttachment.objects.all())

    young = stray_files_sweep(grace=timedelta(hours=24))
    assert young.removed == [] and young.kept_young == 1
    assert stray in object_storage.keys()

    later = timezone.now() + timedelta(hours=25)
    dry = stray_files_sweep(grace=timedelta(hours=24), now=later, dry_run=True)
    assert dry.removed == ["dossiers/2026/11/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.pdf"] and dry.bytes_removed == 1000
    assert stray in object_storage.keys()

    swept = stray_files_sweep(grace=timedelta(hours=24), now=later)
    assert swept.removed == ["dossiers/2026/11/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.pdf"]
    assert object_storage.keys() == sorted([*known, "media/images/anh.jpg"])


@pytest.mark.django_db
def test_retention_deletes_the_objects_of_an_anonymised_dossier(
    page, object_storage, django_capture_on_commit_callbacks
):
    officer = f.staff_make("canbo-luutru", f.OFFICERS)
    dossier = f.dossier_make(page=page)
    dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
    dossier_transition(dossier=dossier, to_status=S.REFUSED, actor=officer, note="Không đủ điều kiện")
    assert len(object_storage.keys()) == 2
    # Decree 13/2023/NĐ-CP: past the retention period the files go, from the object storage too.
    with django_capture_on_commit_callbacks(execute=True):
        dossier_anonymise(dossier=dossier, months=60)
    assert object_storage.keys() == []
    assert DossierAttachment.objects.count() == 0


@pytest.mark.django_db
def test_draft_files_are_replaced_and_purged_in_the_bucket(page, object_storage, django_capture_on_commit_callbacks):
    draft = draft_create(flow=flow_for_page(page))
    with django_capture_on_commit_callbacks(execute=True):
        first = draft_file_put(draft=draft, slot="1", upload=f.upload(name="a.pdf"))
    assert object_storage.keys() == [f"private/{first.file.name}"]
    with django_capture_on_commit_callbacks(execute=True):
        second = draft_file_put(draft=draft, slot="1", upload=f.upload(name="b.pdf"))
    assert object_storage.keys() == [f"private/{second.file.name}"]
    stray = "private/drafts/cccccccccccccccccccccccccccccccc.pdf"
    object_storage.server.client().put_object(Bucket=object_storage.bucket, Key=stray, Body=b"%PDF-1.4 x")
    Draft.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        drafts, strays = draft_purge_expired(now=timezone.now() + timedelta(days=2))
    assert (drafts, strays) == (1, 1)
    assert object_storage.keys() == []


# The storage failing while a citizen submits


def fail_puts(storage, *, after: int, status: int = 507, code: str = "XMinioStorageFull") -> dict:
    """Let ``after`` PutObject requests through, then answer every further one as a full server does."""
    calls = {"n": 0}
    body = (
        f'<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code>'
        "<Message>Storage backend has reached its minimum free drive threshold.</Message></Error>"
    ).encode()

    class Raw:
        def stream(self, **kwargs):
            yield body

    def answer(request, **kwargs):
        calls["n"] += 1
        if calls["n"] > after:
            return AWSResponse(request.url, status, {"Content-Type": "application/xml"}, Raw())
        return None

    storage.connection.meta.client.meta.events.register("before-send.s3.PutObject", answer)
    return calls


@pytest.mark.django_db
def test_a_full_storage_on_the_second_file_leaves_no_dossier_and_no_object(page, object_storage):
    calls = fail_puts(object_storage.storage, after=1)
    with pytest.raises(FileStorageUnavailable) as raised:
        f.dossier_make(page=page, received=False)
    assert raised.value.errno == errno.ENOSPC
    assert calls["n"] == 2  # the first file was stored, the second refused
    assert Dossier.objects.count() == 0 and DossierAttachment.objects.count() == 0
    assert object_storage.keys() == []  # the first one was deleted again


@pytest.fixture
def unreachable_storage(object_storage, s3_server):
    """The private storage pointed at a port nobody listens on: the object storage is down."""
    from tests.objectstorage import _free_port

    down = PrivateObjectStorage(
        **{
            **object_storages(
                {
                    "S3_BUCKET": object_storage.bucket,
                    "S3_ENDPOINT_URL": f"http://127.0.0.1:{_free_port()}",
                    "S3_ACCESS_KEY_ID": s3_server.access_key,
                    "S3_SECRET_ACCESS_KEY": s3_server.secret_key,
                }
            )["private"]["OPTIONS"],
            "client_config": Config(
                s3={"addressing_style": "path"}, signature_version="s3v4", retries={"max_attempts": 1}
            ),
        }
    )
    private_storage._wrapped = down
    return object_storage


@pytest.mark.django_db
def test_an_unreachable_storage_at_the_documents_step_answers_the_503_page(page, unreachable_storage):
    from tests.forms.intake import wizard as w

    browser = Client(raise_request_exception=False)
    browser.get(page.url)
    w.post_step(browser, page, "nguoi-nop", w.applicant_data())
    w.post_step(browser, page, "khai-1", w.declaration_data())
    response = w.post_step(browser, page, "giay-to", w.documents_data(page), follow=False)
    assert response.status_code == 503
    body = response.content.decode()
    assert "Máy chủ tạm thời không lưu thêm được tệp" in body
    assert "Bản nháp hồ sơ của bạn vẫn được giữ" in body
    assert "Traceback" not in body and "botocore" not in body and unreachable_storage.bucket not in body
    assert Draft.objects.get().data["step_data"]["khai-1"]["khai-1-child_name"] == ["Nguyễn Thị Bình"]
    assert DraftFile.objects.count() == 0
    assert unreachable_storage.keys() == []


# Background work on another machine reads what a request stored


@pytest.mark.django_db
def test_a_catalogue_upload_goes_to_the_bucket_and_the_worker_reads_it_from_there(
    procedure_index, object_storage, django_capture_on_commit_callbacks
):
    from pathlib import Path

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cms.models import CatalogueImport, ImportStatus
    from cms.services import catalogue_import_start

    data = (Path(__file__).parents[2] / "cms" / "data" / "toa_an.jsonl").read_bytes()
    admin = get_user_model().objects.create_superuser("quantri", "quantri@example.com", "x")
    with django_capture_on_commit_callbacks(execute=True):
        run = catalogue_import_start(upload=SimpleUploadedFile("toa_an.jsonl", data), user=admin)
    (key,) = object_storage.keys()
    assert re.fullmatch(r"private/catalogue-imports/[0-9a-f]{32}/toa_an\.jsonl", key)
    assert object_storage.body(key) == data
    run = CatalogueImport.objects.get(pk=run.pk)
    assert run.path == key.removeprefix("private/")  # a storage name, not a path on the web server's disk
    assert (run.status, run.total, run.preview["counts"]["created"]) == (ImportStatus.PREVIEWED, 3, 3)


# The whole wizard on the object storage


@pytest.mark.django_db
def test_a_dossier_sent_through_the_wizard_moves_its_draft_objects_to_dossier_objects(
    page, object_storage, django_capture_on_commit_callbacks
):
    from tests.forms.intake import wizard as w

    browser = Client()
    browser.get(page.url)
    w.post_step(browser, page, "nguoi-nop", w.applicant_data())
    w.post_step(browser, page, "khai-1", w.declaration_data())
    with django_capture_on_commit_callbacks(execute=True):
        w.post_step(browser, page, "giay-to", w.documents_data(page))
    drafts = object_storage.keys()
    assert len(drafts) == 2 and all(key.startswith("private/drafts/") for key in drafts)
    w.post_step(browser, page, "nhan-ket-qua", w.delivery_data())
    w.post_step(browser, page, "kiem-tra", {})
    with django_capture_on_commit_callbacks(execute=True):
        w.post_step(browser, page, "cam-doan", {"cam-doan-agree": "on"})
    dossier = Dossier.objects.get()
    assert object_storage.keys() == sorted(object_key(a) for a in dossier.attachments.all())
    assert all(key.startswith("private/dossiers/") for key in object_storage.keys())
    for attachment in dossier.attachments.all():
        assert attachment.sha256 == hashlib.sha256(object_storage.body(object_key(attachment))).hexdigest()


@pytest.mark.django_db
def test_a_citizen_keeps_a_dossiers_files_in_the_account_from_the_bucket(page, object_storage):
    from accounts.services import saved_documents_keep_from_dossier
    from tests.accounts import factories as af

    owner = af.citizen_make()
    dossier = f.dossier_make(page=page, owner=owner)
    kept = saved_documents_keep_from_dossier(owner=owner, dossier=dossier)
    assert len(kept) >= 1
    for document in kept:
        body = object_storage.body(f"private/{document.file.name}")
        assert document.checksum == hashlib.sha256(body).hexdigest() and document.size == len(body)
