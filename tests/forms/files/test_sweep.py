"""The sweep removes private files no row refers to once older than the grace, and nothing else."""

import io
import os
import time
from datetime import timedelta

import pytest

from django.core.management import call_command

from forms.files.services import private_file_fields, stray_files_sweep
from forms.models import DossierAttachment, DraftFile
from tests.conftest import private_files
from tests.forms import factories as f

pytestmark = pytest.mark.django_db

HOUR = 3600


@pytest.fixture
def page(home):
    return f.form_page_make()


def put(root, name: str, *, age_hours: float, content: bytes = b"%PDF-1.4 x") -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    then = time.time() - age_hours * HOUR
    os.utime(path, (then, then))


def test_the_sweep_knows_every_file_field_on_private_storage():
    fields = {(model.__name__, field.name) for model, field in private_file_fields()}
    assert {("DossierAttachment", "file"), ("DraftFile", "file")} <= fields


@pytest.fixture
def scene(page, private_root, django_capture_on_commit_callbacks):
    """Referenced files (old and new), strays (old and young), pending and upload temporary files."""
    with django_capture_on_commit_callbacks(execute=True):
        dossier = f.dossier_make(page=page, received=False)
    kept = sorted(a.file.name for a in dossier.attachments.all())
    for name in kept:
        then = time.time() - 72 * HOUR
        os.utime(private_root / name, (then, then))
    put(private_root, "dossiers/2026/11/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.pdf", age_hours=30, content=b"x" * 1000)
    put(private_root, "dossiers/2026/12/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.pdf", age_hours=1)
    put(private_root, "drafts/cccccccccccccccccccccccccccccccc.pdf", age_hours=48)
    put(private_root, "pending/dddddddddddddddddddddddddddddddd.pdf", age_hours=25)  # a rolled-back transaction
    put(private_root, "pending/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee.pdf", age_hours=0.01)  # a transaction under way
    put(private_root, "upload-tmp/tmpk2j4h5.upload.pdf", age_hours=30)  # an upload killed mid-body
    put(private_root, "upload-tmp/tmpz9y8x7.upload.pdf", age_hours=0.01)  # an upload under way
    return kept


def test_sweep_removes_only_unreferenced_files_older_than_the_grace(scene, private_root):
    result = stray_files_sweep(grace=timedelta(hours=24))
    assert sorted(result.removed) == sorted(
        [
            "dossiers/2026/11/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.pdf",
            "drafts/cccccccccccccccccccccccccccccccc.pdf",
            "pending/dddddddddddddddddddddddddddddddd.pdf",
            str(private_root / "upload-tmp/tmpk2j4h5.upload.pdf"),
        ]
    )
    assert result.kept_young == 3
    assert result.bytes_removed == 1000 + 3 * len(b"%PDF-1.4 x")
    assert private_files(private_root) == sorted(
        [
            *scene,
            "dossiers/2026/12/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.pdf",
            "pending/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee.pdf",
            "upload-tmp/tmpz9y8x7.upload.pdf",
        ]
    )
    again = stray_files_sweep(grace=timedelta(hours=24))  # repeat: nothing more to do
    assert again.removed == [] and again.recovered == []


def test_a_dry_run_removes_nothing(scene, private_root):
    before = private_files(private_root)
    result = stray_files_sweep(grace=timedelta(hours=24), dry_run=True)
    assert len(result.removed) == 4
    assert private_files(private_root) == before


def test_a_committed_file_left_in_pending_is_moved_into_place(page, private_root):
    # The worker died between the commit and the move: the row names a file still in pending/.
    dossier = f.dossier_make(page=page, received=False)  # the test's transaction never commits: no move
    names = sorted(a.file.name for a in dossier.attachments.all())
    for name in names:
        then = time.time() - 48 * HOUR
        os.utime(private_root / "pending" / os.path.basename(name), (then, then))
    result = stray_files_sweep(grace=timedelta(hours=24))
    assert sorted(result.recovered) == names and result.removed == []
    assert private_files(private_root) == names


def test_a_draft_files_row_keeps_its_file(page, private_root, django_capture_on_commit_callbacks):
    from forms.intake.flows import flow_for_page
    from forms.intake.services import draft_create, draft_file_put

    with django_capture_on_commit_callbacks(execute=True):
        kept = draft_file_put(draft=draft_create(flow=flow_for_page(page)), slot="1", upload=f.upload())
    then = time.time() - 72 * HOUR
    os.utime(private_root / kept.file.name, (then, then))
    assert stray_files_sweep(grace=timedelta(hours=1)).removed == []
    assert DraftFile.objects.count() == 1 and private_files(private_root) == [kept.file.name]


def test_the_command_reports_in_vietnamese(scene, private_root):
    out = io.StringIO()
    call_command("sweep_files", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Sẽ xóa: dossiers/2026/11/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.pdf" in text
    assert "Sẽ xóa 4 tệp thừa" in text
    assert len(private_files(private_root)) == len(scene) + 7

    out = io.StringIO()
    call_command("sweep_files", "--grace-hours", "0.001", stdout=out)
    assert "Đã xóa 7 tệp thừa" in out.getvalue()  # the young ones too: 36 s is past a 3.6 s grace
    assert private_files(private_root) == scene
    assert DossierAttachment.objects.count() == 2
