"""Private file storage for dossier, draft and account files: never served directly.

Two backends, one interface (issue #17, several machines):

- ``PrivateStorage``, the default: the local disk under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT.
  Files are written under ``pending/`` first and moved to their final name when the transaction
  that records them commits (``forms.files.services.private_file_write``). A row may therefore name
  a file that still sits in ``pending/`` for a moment (between the commit and the move, or after a
  worker died there); ``path()`` finds it there, and ``stray_files_sweep`` finishes the move.
- ``PrivateObjectStorage`` when ``S3_BUCKET`` is set (``portal.objectstorage``): a private bucket (or
  prefix) of any S3-compatible server, shared by every application server. An object appears
  whole or not at all (a PUT is atomic, a failed multipart upload is aborted), so files are
  written under their final key; a rollback deletes them and the sweep removes what a killed
  worker left. They are served after the same permission checks by a signed link valid
  ``PRIVATE_FILE_URL_SECONDS`` (60 s), or streamed through the portal.

Neither has a public URL: ``url()`` refuses, only ``signed_url()`` answers.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject
from django.utils.module_loading import import_string

try:  # the object storage is optional: a commune on one machine needs neither boto3 nor a bucket
    from botocore.exceptions import BotoCoreError, ClientError
    from storages.backends.s3 import S3Storage
except ImportError:  # pragma: no cover
    BotoCoreError = ClientError = None
    S3Storage = None

# Folders of the private root that hold no row's file under its own name.
PENDING_DIR = "pending"
UPLOAD_TEMP_DIR = "upload-tmp"
FILE_MODE = 0o600
DIRECTORY_MODE = 0o700

# What a storage raises when it cannot read, write or delete: a disk error, or the object
# storage's (unreachable, refused, full).
STORAGE_ERRORS: tuple[type[BaseException], ...] = (
    (OSError,) if BotoCoreError is None else (OSError, BotoCoreError, ClientError)
)
# Answers of an S3-compatible server that mean "no room": MinIO's full disks, and HTTP 507.
_FULL_CODES = frozenset({"XMinioStorageFull", "InsufficientStorage", "XMinioAdminBucketQuotaExceeded"})

NO_PUBLIC_URL = "Tệp hồ sơ không có địa chỉ công khai; dùng khung nhìn có kiểm tra quyền."


class FileStorageUnavailable(OSError):
    """The object storage did not take a file (unreachable, refused or full); nothing was kept.

    An ``OSError`` like a full disk, so callers that clean up after one clean up after this too;
    ``portal.faults`` answers it with the 503 page ("Máy chủ tạm thời không lưu thêm được tệp").
    """


def storage_error_is_full(error: BaseException) -> bool:
    """Whether the object storage's refusal says it has no room left."""
    response = getattr(error, "response", None) or {}
    code = (response.get("Error") or {}).get("Code", "")
    status = (response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
    return code in _FULL_CODES or status == 507


def pending_name(name: str) -> str:
    """Where the file of ``name`` waits until its transaction commits (the final names are random)."""
    return f"{PENDING_DIR}/{os.path.basename(name)}"


def storage_is_local(storage) -> bool:
    """Whether ``storage`` keeps its files on this machine's disk (rather than an object storage)."""
    return isinstance(storage, FileSystemStorage)


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT; they have no public URL, views stream them after a check.

    Files 0600 and folders 0700: only the portal's own user reads citizens' documents.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        kwargs.setdefault("file_permissions_mode", FILE_MODE)
        kwargs.setdefault("directory_permissions_mode", DIRECTORY_MODE)
        kwargs["base_url"] = None
        super().__init__(**kwargs)

    def url(self, name):
        raise ValueError(NO_PUBLIC_URL)

    def path(self, name):
        final = super().path(name)
        if name and not name.startswith(f"{PENDING_DIR}/") and not os.path.exists(final):
            pending = super().path(pending_name(name))
            if os.path.exists(pending):
                return pending
        return final


if S3Storage is not None:

    class PrivateObjectStorage(S3Storage):
        """Private files in a private bucket (or prefix) of an S3-compatible server.

        Keys are the rows' random names under ``location`` ("private/dossiers/2026/12/<hex>.pdf");
        the bucket must not be readable by anyone but the portal's key. Names are random, so a
        write never checks for an existing object first (``file_overwrite``). ``url()`` refuses:
        views call ``signed_url()`` after their permission check.
        """

        def __init__(self, **kwargs):
            kwargs.setdefault("file_overwrite", True)
            kwargs.setdefault("querystring_auth", True)
            kwargs.setdefault("default_acl", None)
            kwargs.setdefault("querystring_expire", getattr(settings, "PRIVATE_FILE_URL_SECONDS", 60))
            super().__init__(**kwargs)

        def url(self, name, parameters=None, expire=None, http_method=None):
            raise ValueError(NO_PUBLIC_URL)

        def signed_url(self, name: str, *, expire: int, parameters: dict[str, str] | None = None) -> str:
            """A GET link to ``name`` that the server honours for ``expire`` seconds (SigV4 presigned)."""
            return super().url(name, parameters=parameters, expire=expire)

        def key(self, name: str) -> str:
            """The object key of the file ``name`` (its name under ``location``)."""
            from storages.utils import clean_name

            return self._normalize_name(clean_name(name))

        def prefix(self) -> str:
            """The key prefix of every private file ("private/"), empty for a bucket of its own."""
            location = (self.location or "").strip("/")
            return f"{location}/" if location else ""


def private_storage_make():
    """The storage ``STORAGES["private"]`` names (``PrivateStorage`` on the local disk by default)."""
    config = getattr(settings, "STORAGES", {}).get("private") or {"BACKEND": "forms.files.storage.PrivateStorage"}
    return import_string(config["BACKEND"])(**config.get("OPTIONS", {}))


class _LazyPrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = private_storage_make()


private_storage = _LazyPrivateStorage()


def get_private_storage():
    """Callable for FileField(storage=...) so migrations do not freeze a path."""
    return private_storage
