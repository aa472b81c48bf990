"""Private files: writing them so nothing is half-written, storing a dossier's, sweeping strays.

On the local disk a file is written under ``pending/`` and moved to its final name only when the
transaction that records its row commits (``private_file_write``): a rollback, a full disk or a
killed worker leaves nothing in the dossier folders, and ``stray_files_sweep`` removes what is left
in ``pending/`` and in Django's upload temporary folder. On an object storage (issue #17) the
object is PUT under its final key in one streamed pass (an object exists whole or not at all), a
rollback deletes it, and the sweep lists the bucket for objects no row names.
"""

import contextlib
import errno
import hashlib
import logging
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils._os import safe_join

from forms.files.storage import (
    DIRECTORY_MODE,
    FILE_MODE,
    PENDING_DIR,
    STORAGE_ERRORS,
    UPLOAD_TEMP_DIR,
    FileStorageUnavailable,
    pending_name,
    private_storage,
    storage_error_is_full,
    storage_is_local,
)
from forms.files.uploads import safe_filename, validate_upload
from forms.models import (
    Dossier,
    DossierAttachment,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AttachmentInput:
    """One file handed to ``dossier_submit`` or ``dossier_transition``.

    ``slot`` names the required document it answers (``ProcedureDocument`` pk as text); ``name``
    is the citizen's file name, used for display only after cleaning.
    """

    slot: str
    label: str
    name: str
    file: File


def private_dirs_make(path: Path) -> None:
    """Create ``path`` and any missing parent, each 0700 whatever the umask."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, DIRECTORY_MODE)
        except FileExistsError:
            continue
        os.chmod(folder, DIRECTORY_MODE)


def _final_path(storage, name: str) -> Path:
    # Not storage.path(): that one also answers with the pending copy.
    return Path(safe_join(storage.location, name))


def _move_into_place(storage, name: str) -> None:
    staged = Path(storage.location) / pending_name(name)
    final = _final_path(storage, name)
    try:
        private_dirs_make(final.parent)
        os.replace(staged, final)
    except FileNotFoundError:
        pass  # moved already (by the sweep), or removed
    except OSError:
        # The row is committed: storage.path() still finds the pending copy, the sweep moves it.
        logger.exception("Không chuyển được tệp %s vào thư mục hồ sơ", name)


def private_file_write(
    *, field_file: FieldFile, filename: str, content: File, hasher: "hashlib._Hash | None" = None
) -> str:
    """Write ``content`` as the file of ``field_file`` (private storage) without leaving half a file anywhere.

    The bytes go to ``pending/<random name>`` (mode 0600, flushed to disk) and are moved to the name
    ``upload_to`` gives when the current transaction commits; outside a transaction at once. If
    writing fails (a full disk: ``OSError`` ENOSPC) the partial file is removed and the error
    raised. After a rollback the caller removes the pending file (``attachment_files_delete``), or
    the sweep does after its grace period. Returns the final name, also set on ``field_file``.
    ``hasher`` (a ``hashlib`` object), when given, is fed the same chunks as they are written, so a
    checksum costs no second read and never holds the whole file in memory.

    On an object storage the bytes are PUT under the final key at once (``_object_write``); a
    refused or failed PUT raises ``FileStorageUnavailable`` and leaves no object.
    """
    storage = field_file.storage
    name = field_file.field.generate_filename(field_file.instance, filename)
    if not storage_is_local(storage):
        return _object_write(field_file=field_file, name=name, content=content, hasher=hasher)
    staged = Path(storage.location) / pending_name(name)
    private_dirs_make(staged.parent)
    descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        with os.fdopen(descriptor, "wb") as out:
            for chunk in content.chunks():
                out.write(chunk)
                if hasher is not None:
                    hasher.update(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException as error:  # a full disk, or the worker told to stop mid-copy
        with contextlib.suppress(OSError):
            os.unlink(staged)
        if isinstance(error, OSError) and error.errno == errno.ENOSPC:
            logger.error("Đĩa đầy khi ghi tệp %s; đã xóa phần ghi dở", name)
        raise
    field_file.name = name
    field_file._committed = True
    transaction.on_commit(partial(_move_into_place, storage, name))
    return name


class _HashingReader:
    """A read-once, forward-only view of ``content.chunks()`` that feeds ``hasher`` as it is read.

    Not seekable on purpose: the S3 transfer then reads it in order, once, in this thread (parts
    it must resend are retried from its own buffer), so every byte reaches the hasher exactly once.
    """

    def __init__(self, content: File, hasher: "hashlib._Hash | None"):
        self._chunks = iter(content.chunks())
        self._hasher = hasher
        self._buffer = bytearray()
        self.size = content.size

    closed = False

    def seekable(self) -> bool:
        return False

    def read(self, size: int | None = -1) -> bytes:
        whole = size is None or size < 0
        while whole or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            if self._hasher is not None:
                self._hasher.update(chunk)
            self._buffer += chunk  # a bytearray grows in place: no copy of what was read before
        if whole or size >= len(self._buffer):
            data, self._buffer = bytes(self._buffer), bytearray()
        else:
            data = bytes(self._buffer[:size])
            del self._buffer[:size]
        return data

    def close(self) -> None:
        pass


def _object_write(*, field_file: FieldFile, name: str, content: File, hasher: "hashlib._Hash | None") -> str:
    storage = field_file.storage
    try:
        stored = storage.save(name, File(_HashingReader(content, hasher), name=name))
    except STORAGE_ERRORS as error:
        # A PUT is atomic and s3transfer aborts a failed multipart upload: no object is left.
        full = storage_error_is_full(error)
        logger.error(
            "Kho lưu trữ tệp %s khi ghi %s (%s)", "đầy" if full else "không nhận tệp", name, type(error).__name__
        )
        raise FileStorageUnavailable(errno.ENOSPC if full else errno.EIO, "Kho lưu trữ tệp không nhận tệp") from error
    field_file.name = stored
    field_file._committed = True
    return stored


@contextlib.contextmanager
def private_file_local_path(name: str):
    """A path on this machine to read the private file ``name`` from, for readers that need one.

    On the local disk the file itself; on an object storage a temporary copy (same suffixes, 0600)
    removed on leaving, so a worker on any machine can read what a web request stored. An
    absolute ``name`` (rows written before the object storage) is used as it is.
    """
    if os.path.isabs(name) or storage_is_local(private_storage):
        yield Path(name) if os.path.isabs(name) else Path(private_storage.path(name))
        return
    # The system's temporary folder (cleaned by the system should the process be killed here).
    descriptor, temporary = tempfile.mkstemp(suffix="".join(Path(name).suffixes[-2:]))
    try:
        with os.fdopen(descriptor, "wb") as out, private_storage.open(name, "rb") as source:
            while chunk := source.read(1024 * 1024):
                out.write(chunk)
        yield Path(temporary)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def private_files_delete_on_commit(names: list[str]) -> None:
    """Remove the files ``names`` once the transaction deleting their rows commits (at once outside one)."""

    def delete() -> None:
        for name in names:
            try:
                private_storage.delete(name)
            except STORAGE_ERRORS:
                logger.warning("Không xóa được tệp %s", name)

    if names:
        transaction.on_commit(delete)


def attachment_store(*, dossier: Dossier, item: AttachmentInput, kind: str, event=None) -> DossierAttachment:
    """Validate and write one file of ``dossier`` and its row, with the SHA-256 of the bytes written.

    The checksum is shown with an electronic result ("Mã kiểm tra SHA-256") so the citizen, or
    anyone the result is shown to, can check the file is the one the counter issued.
    """
    sniffed = validate_upload(item.file)
    display_name = safe_filename(item.name, sniffed.extension)
    # Labels come from the catalogue's document names, which have no length limit.
    limit = DossierAttachment._meta.get_field("label").max_length
    label = item.label if len(item.label) <= limit else item.label[: limit - 1] + "…"
    attachment = DossierAttachment(
        dossier=dossier,
        event=event,
        kind=kind,
        slot=item.slot,
        label=label,
        original_name=display_name,
        content_type=sniffed.content_type,
        size=item.file.size,
    )
    hasher = hashlib.sha256()
    private_file_write(
        field_file=attachment.file, filename=f"tep.{sniffed.extension}", content=item.file, hasher=hasher
    )
    attachment.sha256 = hasher.hexdigest()
    try:
        attachment.save()
    except Exception:
        attachment_files_delete([attachment])
        raise
    return attachment


def attachment_files_delete(attachments: list[DossierAttachment]) -> None:
    for attachment in attachments:
        try:
            attachment.file.storage.delete(attachment.file.name)
        except STORAGE_ERRORS:
            logger.warning("Không xóa được tệp %s sau khi hủy giao dịch", attachment.file.name)


# Django's temporary upload files: tempfile.NamedTemporaryFile(suffix=".upload" + extension).
_UPLOAD_TEMP_RE = re.compile(r"^tmp\w+\.upload(\.\w+)?$")


@dataclass
class SweepResult:
    """What one sweep found: files removed (or that would be, in a dry run), pending files moved into place."""

    removed: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    bytes_removed: int = 0
    kept_young: int = 0


def private_file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """Every file field of every installed model whose files live in the private storage."""
    local = storage_is_local(private_storage)
    location = os.path.realpath(private_storage.location) if local else None
    found = []
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if not isinstance(model_field, models.FileField):
                continue
            if model_field.storage is private_storage or (
                local and os.path.realpath(getattr(model_field.storage, "location", "")) == location
            ):
                found.append((model, model_field))
    return found


def private_file_names() -> set[str]:
    """The names of all files some row refers to in the private storage."""
    names: set[str] = set()
    for model, model_field in private_file_fields():
        rows = model._default_manager.exclude(**{model_field.name: ""}).values_list(model_field.name, flat=True)
        names.update(name for name in rows.iterator() if name)
    return names


def _modified(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.get_current_timezone())
    except FileNotFoundError:
        return None


def _sweep_remove(path: Path, label: str, result: SweepResult, dry_run: bool) -> None:
    try:
        size = path.stat().st_size
        if not dry_run:
            path.unlink()
    except FileNotFoundError:
        return
    result.removed.append(label)
    result.bytes_removed += size


def _upload_temp_dirs(root: Path) -> list[Path]:
    folders = [root / UPLOAD_TEMP_DIR]
    configured = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    if configured and Path(configured).resolve() not in {f.resolve() for f in folders}:
        folders.append(Path(configured))
    return folders


def stray_files_sweep(*, grace: timedelta, dry_run: bool = False, now: datetime | None = None) -> SweepResult:
    """Remove the private files no row refers to, once older than ``grace``; finish interrupted moves.

    Looks at every ``FileField`` on the private storage (draft files, dossier attachments and
    result files, and any added later), so a file stays as long as one row names it. Removed when
    older than ``grace``: files in the dossier and draft folders with no row; files in
    ``pending/`` whose transaction never committed (rolled back, or the worker was killed during
    the copy); Django's temporary upload files (an upload killed mid-body). A pending file whose
    row did commit (the worker died between the commit and the move) is moved into place instead.
    ``dry_run`` only reports.
    """
    now = now or timezone.now()
    cutoff = now - grace
    result = SweepResult()
    if not storage_is_local(private_storage):
        _objects_sweep(cutoff=cutoff, result=result, dry_run=dry_run)
        # Each application server spools large uploads on its own disk.
        _temp_files_sweep(_upload_temp_dirs(Path(settings.PRIVATE_MEDIA_ROOT)), cutoff, result, dry_run)
        _sweep_log(result, dry_run)
        return result
    root = Path(private_storage.location)
    if not root.exists():
        return result
    known = private_file_names()
    known_by_basename = {os.path.basename(name): name for name in known}
    temp_dirs = _upload_temp_dirs(root)
    skip = {folder.resolve() for folder in temp_dirs}

    for folder, subfolders, files in os.walk(root):
        folder_path = Path(folder)
        subfolders[:] = [name for name in subfolders if (folder_path / name).resolve() not in skip]
        for filename in files:
            path = folder_path / filename
            name = path.relative_to(root).as_posix()
            if name.startswith(f"{PENDING_DIR}/"):
                final_name = known_by_basename.get(filename)
                if final_name is not None:
                    if not dry_run:
                        _move_into_place(private_storage, final_name)
                    result.recovered.append(final_name)
                    continue
            elif name in known:
                continue
            modified = _modified(path)
            if modified is None:
                continue
            if modified > cutoff:
                result.kept_young += 1
                continue
            _sweep_remove(path, name, result, dry_run)
    _temp_files_sweep(temp_dirs, cutoff, result, dry_run)
    _sweep_log(result, dry_run)
    return result


def _objects_sweep(*, cutoff: datetime, result: SweepResult, dry_run: bool) -> None:
    """The object-storage half of ``stray_files_sweep``: every object under the private prefix that
    no row names and is older than ``cutoff`` is deleted (1,000 keys a request)."""
    storage = private_storage
    prefix = storage.prefix()
    known = private_file_names()
    doomed: list[str] = []
    for summary in storage.bucket.objects.filter(Prefix=prefix):
        name = summary.key[len(prefix) :]
        if name in known:
            continue
        if summary.last_modified > cutoff:
            result.kept_young += 1
            continue
        doomed.append(summary.key)
        result.removed.append(name)
        result.bytes_removed += summary.size
    if dry_run:
        return
    for start in range(0, len(doomed), 1000):
        batch = doomed[start : start + 1000]
        storage.bucket.delete_objects(Delete={"Objects": [{"Key": key} for key in batch], "Quiet": True})


def _temp_files_sweep(temp_dirs: list[Path], cutoff: datetime, result: SweepResult, dry_run: bool) -> None:
    for folder in temp_dirs:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if not path.is_file() or not _UPLOAD_TEMP_RE.match(path.name):
                continue
            modified = _modified(path)
            if modified is None:
                continue
            if modified > cutoff:
                result.kept_young += 1
                continue
            _sweep_remove(path, str(path), result, dry_run)


def _sweep_log(result: SweepResult, dry_run: bool) -> None:
    if result.removed or result.recovered:
        logger.info(
            "Dọn tệp: %d tệp thừa (%d byte), %d tệp chuyển vào chỗ%s",
            len(result.removed),
            result.bytes_removed,
            len(result.recovered),
            " (chạy thử)" if dry_run else "",
        )
