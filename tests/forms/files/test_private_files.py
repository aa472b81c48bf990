"""Private files are never half-written: pending until their row commits, gone after a rollback or a full disk."""

import errno
import os
import stat

import pytest

from django.core.exceptions import ValidationError
from django.db import transaction

from forms.files import services as file_services
from forms.intake.flows import flow_for_page
from forms.intake.services import draft_create, draft_file_put
from forms.models import Dossier, DossierAttachment, DraftFile
from tests.conftest import private_files
from tests.forms import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(home):
    return f.form_page_make()


def disk_fills_on_write(monkeypatch, *, after: int):
    """Make the ``after``+1-th file write fail half-way with ENOSPC, as a full disk does."""
    calls = {"n": 0}
    real_fsync = os.fsync

    def fsync(descriptor):
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(file_services.os, "fsync", fsync)


def test_a_file_waits_in_pending_until_its_transaction_commits(page, private_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        dossier = f.dossier_make(page=page, received=False)
    names = sorted(a.file.name for a in dossier.attachments.all())
    assert len(names) == 2
    assert all(name.startswith("dossiers/") for name in names)
    # Before the commit: only pending copies, and a row's file still opens (found in pending/).
    assert private_files(private_root) == sorted(f"pending/{os.path.basename(name)}" for name in names)
    with dossier.attachments.first().file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"

    for callback in callbacks:
        callback()
    assert private_files(private_root) == names


def test_files_and_folders_are_private_to_the_portal_user(page, private_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = f.dossier_make(page=page, received=False)
    path = private_root / dossier.attachments.first().file.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    folder = path.parent
    while folder != private_root:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        folder = folder.parent
    assert stat.S_IMODE((private_root / "pending").stat().st_mode) == 0o700


def test_a_full_disk_during_the_copy_leaves_no_file_and_no_dossier(page, private_root, monkeypatch):
    disk_fills_on_write(monkeypatch, after=1)  # the second of the two files hits the full disk
    with pytest.raises(OSError) as raised:
        f.dossier_make(page=page, received=False)
    assert raised.value.errno == errno.ENOSPC
    assert Dossier.objects.count() == 0 and DossierAttachment.objects.count() == 0
    assert private_files(private_root) == []


def test_a_rollback_after_the_files_leaves_no_file(page, private_root, monkeypatch):
    real_save = DossierAttachment.save
    saved = []

    def save(self, *args, **kwargs):
        if saved:  # the second file's row fails after its bytes were written
            raise RuntimeError("lỗi cơ sở dữ liệu giả lập")
        saved.append(self)
        real_save(self, *args, **kwargs)

    monkeypatch.setattr(DossierAttachment, "save", save)
    with pytest.raises(RuntimeError):
        f.dossier_make(page=page, received=False)
    assert len(saved) == 1
    assert Dossier.objects.count() == 0
    assert private_files(private_root) == []


def test_an_outer_rollback_discards_the_move(page, private_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError):
            with transaction.atomic():
                dossier = f.dossier_make(page=page, received=False)
                names = [a.file.name for a in dossier.attachments.all()]
                raise ValidationError("hủy")
    assert callbacks == []  # the move into place was never run
    assert not any(name.startswith("dossiers/") for name in private_files(private_root))
    file_services.attachment_files_delete(list(DossierAttachment(file=name) for name in names))
    assert private_files(private_root) == []


def test_a_full_disk_keeps_the_earlier_draft_file(page, private_root, monkeypatch, django_capture_on_commit_callbacks):
    draft = draft_create(flow=flow_for_page(page))
    with django_capture_on_commit_callbacks(execute=True):
        first = draft_file_put(draft=draft, slot="1", upload=f.upload(name="a.pdf"))
    disk_fills_on_write(monkeypatch, after=0)
    with pytest.raises(OSError):
        with django_capture_on_commit_callbacks(execute=True):
            draft_file_put(draft=draft, slot="1", upload=f.upload(name="b.pdf"))
    assert list(DraftFile.objects.values_list("original_name", flat=True)) == ["a.pdf"]
    assert private_files(private_root) == [first.file.name]
