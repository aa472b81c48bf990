"""The draft services one rule at a time (issue #19): the resume link e-mailed once, a draft's file
replaced per slot, a fresh token per draft, the purge of expired drafts and stray files."""

import errno
import logging
import os
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from django.core import mail
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError

from forms.intake import services
from forms.intake.flows import flow_for_page
from forms.intake.services import draft_create, draft_file_put, draft_purge_expired, draft_send_resume_link
from forms.models import Draft, DraftFile
from tests.conftest import private_files
from tests.forms import factories as f

pytestmark = pytest.mark.django_db

PDF = f.pdf_bytes(3000)
RESUME = "https://xa.example/nop-ho-so/tiep-tuc/abc/"


@pytest.fixture
def page(home):
    return f.form_page_make(title="Đăng ký khai sinh trực tuyến")


@pytest.fixture
def draft(page):
    return draft_create(flow=flow_for_page(page))


def test_a_draft_has_its_flow_commune_and_a_fresh_token(page, draft):
    site = page.get_site()
    other = draft_create(flow=flow_for_page(page), site=site)
    assert (draft.form_page_id, draft.procedure_id, draft.site_id) == (page.pk, page.procedure_id, None)
    assert other.site_id == site.pk
    assert len(draft.token) == 43 and draft.token != other.token  # 32 random bytes, URL-safe


def test_the_resume_link_is_mailed_once(draft):
    assert draft_send_resume_link(draft=draft, email="an@example.vn", resume_url=RESUME) is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Tiếp tục nộp hồ sơ: Đăng ký khai sinh trực tuyến"
    assert message.to == ["an@example.vn"]
    assert RESUME in message.body and '"Đăng ký khai sinh trực tuyến"' in message.body
    assert (draft.email, draft.resume_link_sent) == ("an@example.vn", True)
    stored = Draft.objects.get(pk=draft.pk)
    assert (stored.email, stored.resume_link_sent) == ("an@example.vn", True)

    assert draft_send_resume_link(draft=stored, email="an@example.vn", resume_url=RESUME) is False
    assert len(mail.outbox) == 1


def test_no_address_no_mail(draft):
    assert draft_send_resume_link(draft=draft, email="", resume_url=RESUME) is False
    assert mail.outbox == []
    assert Draft.objects.get(pk=draft.pk).resume_link_sent is False


def test_an_unreachable_mail_server_is_logged_and_the_link_can_be_sent_later(draft, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("máy chủ thư không trả lời")

    monkeypatch.setattr("forms.intake.services.send_mail", refuse)
    with caplog.at_level(logging.ERROR, logger="forms.intake.services"):
        assert draft_send_resume_link(draft=draft, email="an@example.vn", resume_url=RESUME) is False
    assert [r.getMessage() for r in caplog.records] == [f"Không gửi được đường dẫn tiếp tục bản nháp {draft.pk}"]
    stored = Draft.objects.get(pk=draft.pk)
    assert (stored.email, stored.resume_link_sent) == ("", False)
    monkeypatch.undo()
    assert draft_send_resume_link(draft=stored, email="an@example.vn", resume_url=RESUME) is True


def test_a_draft_file_is_checked_named_and_replaced_per_slot(draft, private_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = draft_file_put(draft=draft, slot="1", upload=f.upload(name="giay khai sinh.bin", content=PDF))
        other = draft_file_put(draft=draft, slot="2", upload=f.upload(name="b.pdf"), name="CCCD mặt trước.pdf")
    assert (first.original_name, first.content_type, first.size) == ("giay khai sinh.pdf", "application/pdf", 3000)
    assert other.original_name == "CCCD mặt trước.pdf"
    assert first.file.name.startswith("drafts/") and first.file.name.endswith(".pdf")

    with django_capture_on_commit_callbacks(execute=True):
        second = draft_file_put(draft=draft, slot="1", upload=f.upload(name="anh.png", content=f.png_bytes()))
    assert sorted(draft.files.values_list("slot", "original_name")) == [("1", "anh.png"), ("2", "CCCD mặt trước.pdf")]
    assert second.content_type == "image/png"
    assert private_files(private_root) == sorted([second.file.name, other.file.name])


def test_a_refused_draft_file_stores_nothing(draft, private_root):
    with pytest.raises(ValidationError):
        draft_file_put(draft=draft, slot="1", upload=f.upload(name="a.pdf", content=f.exe_bytes()))
    assert DraftFile.objects.count() == 0
    assert private_files(private_root) == []


def test_a_draft_file_whose_row_fails_leaves_no_file_and_keeps_the_earlier_one(
    draft, private_root, monkeypatch, django_capture_on_commit_callbacks
):
    # Never an orphan file: the bytes written before the row's save are removed when it fails, and
    # the slot's earlier file and row stay as they were.
    with django_capture_on_commit_callbacks(execute=True):
        first = draft_file_put(draft=draft, slot="1", upload=f.upload(name="a.pdf"))

    def fail(self, *args, **kwargs):
        raise DatabaseError("ổ đĩa cơ sở dữ liệu đầy")

    monkeypatch.setattr(DraftFile, "save", fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DatabaseError, match="ổ đĩa"):
        draft_file_put(draft=draft, slot="1", upload=f.upload(name="b.pdf", content=PDF))
    assert list(DraftFile.objects.values_list("pk", "original_name")) == [(first.pk, "a.pdf")]
    assert private_files(private_root) == [first.file.name]


def test_a_full_disk_keeps_the_earlier_draft_file(draft, private_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = draft_file_put(draft=draft, slot="1", upload=f.upload(name="a.pdf"))
    upload = f.upload(name="b.pdf", content=PDF)

    def full_disk(*args, **kwargs):
        yield PDF[:100]
        raise OSError(errno.ENOSPC, "No space left on device")

    upload.chunks = full_disk
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(OSError) as raised:
        draft_file_put(draft=draft, slot="1", upload=upload)
    assert raised.value.errno == errno.ENOSPC  # the disk's own error, not one from cleaning up after it
    assert list(DraftFile.objects.values_list("pk", "original_name")) == [(first.pk, "a.pdf")]
    assert private_files(private_root) == [first.file.name]


@pytest.mark.django_db(transaction=True)
def test_a_draft_file_whose_commit_fails_leaves_no_file(private_root, monkeypatch):
    # The draft is purged by another worker while its file is written: the row's foreign key is
    # checked at COMMIT (deferred), the commit fails and the bytes must not stay behind, in
    # pending/ or anywhere. Transactional: deselected in bench/mutate.py (it flushes the database).
    f.wagtail_tree_ensure()
    draft = draft_create(flow=flow_for_page(f.form_page_make()))
    write = services.private_file_write

    def write_then_purge(**kwargs):
        name = write(**kwargs)
        Draft.objects.filter(pk=draft.pk).delete()
        return name

    monkeypatch.setattr(services, "private_file_write", write_then_purge)
    with pytest.raises(IntegrityError):
        draft_file_put(draft=draft, slot="1", upload=f.upload(name="a.pdf", content=PDF))
    assert DraftFile.objects.count() == 0  # (the purge, made on the same connection here, rolled back too)
    assert private_files(private_root) == []


def test_the_purge_keeps_young_drafts_and_young_strays(
    page, private_root, settings, django_capture_on_commit_callbacks
):
    now = datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    settings.FORMS_DRAFT_DAYS = 30
    old, older, young = (draft_create(flow=flow_for_page(page)) for _ in range(3))
    with django_capture_on_commit_callbacks(execute=True):
        old_file = draft_file_put(draft=old, slot="1", upload=f.upload(name="a.pdf"))
        young_file = draft_file_put(draft=young, slot="1", upload=f.upload(name="b.pdf"))
    Draft.objects.filter(pk__in=[old.pk, older.pk]).update(updated_at=now - timedelta(days=30, seconds=1))
    Draft.objects.filter(pk=young.pk).update(updated_at=now - timedelta(days=30))
    # The young draft's own file is old on disk: a live draft's file is never a stray.
    stamp = (now - timedelta(days=29)).timestamp()
    os.utime(private_root / young_file.file.name, (stamp, stamp))
    strays = {"mo-coi-cu.pdf": timedelta(days=1, seconds=1), "mo-coi-cu-2.pdf": timedelta(days=3)}
    strays["mo-coi-moi.pdf"] = timedelta(hours=23)
    for name, age in strays.items():
        path = private_root / "drafts" / name
        path.write_bytes(b"%PDF-1.4")
        stamp = (now - age).timestamp()
        os.utime(path, (stamp, stamp))

    with django_capture_on_commit_callbacks(execute=True):
        assert draft_purge_expired(now=now) == (2, 2)

    assert list(Draft.objects.values_list("pk", flat=True)) == [young.pk]
    assert private_files(private_root) == sorted([young_file.file.name, "drafts/mo-coi-moi.pdf"])
    assert old_file.file.name not in private_files(private_root)


def test_the_purge_goes_on_past_a_live_file_and_a_young_stray(
    page, private_root, monkeypatch, django_capture_on_commit_callbacks
):
    # The storage lists files in no set order: here it lists the live draft's file and a young
    # stray first, so a purge that stopped at the first file it keeps would leave the old stray.
    from forms.files.storage import PrivateStorage

    now = datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with django_capture_on_commit_callbacks(execute=True):
        live = draft_file_put(draft=draft_create(flow=flow_for_page(page)), slot="1", upload=f.upload(name="a.pdf"))
    for name, age in {"mo-coi-moi.pdf": timedelta(hours=2), "mo-coi-cu.pdf": timedelta(days=2)}.items():
        path = private_root / "drafts" / name
        path.write_bytes(b"%PDF-1.4")
        stamp = (now - age).timestamp()
        os.utime(path, (stamp, stamp))
    stamp = (now - timedelta(days=5)).timestamp()
    os.utime(private_root / live.file.name, (stamp, stamp))
    order = [live.file.name.removeprefix("drafts/"), "mo-coi-moi.pdf", "mo-coi-cu.pdf"]
    listdir = PrivateStorage.listdir

    def listed_in_order(self, path):
        dirs, files = listdir(self, path)
        assert sorted(files) == sorted(order)
        return dirs, order

    monkeypatch.setattr(PrivateStorage, "listdir", listed_in_order)
    with django_capture_on_commit_callbacks(execute=True):
        assert draft_purge_expired(now=now) == (0, 1)
    assert private_files(private_root) == sorted([live.file.name, "drafts/mo-coi-moi.pdf"])


def test_the_purge_without_a_drafts_folder(private_root):
    assert draft_purge_expired(now=datetime(2026, 12, 7, tzinfo=ZoneInfo("UTC"))) == (0, 0)
