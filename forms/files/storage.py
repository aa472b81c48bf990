"""Private file storage for dossier and draft files: outside MEDIA_ROOT, never served directly.

Files are written under ``pending/`` first and moved to their final name when the transaction that
records them commits (``forms.files.services.private_file_write``). A row may therefore name a file
that still sits in ``pending/`` for a moment (between the commit and the move, or after a worker
died there); ``path()`` finds it there, and ``stray_files_sweep`` finishes the move.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject

# Folders of the private root that hold no row's file under its own name.
PENDING_DIR = "pending"
UPLOAD_TEMP_DIR = "upload-tmp"
FILE_MODE = 0o600
DIRECTORY_MODE = 0o700


def pending_name(name: str) -> str:
    """Where the file of ``name`` waits until its transaction commits (the final names are random)."""
    return f"{PENDING_DIR}/{os.path.basename(name)}"


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
        raise ValueError("Tệp hồ sơ không có địa chỉ công khai; dùng khung nhìn có kiểm tra quyền.")

    def path(self, name):
        final = super().path(name)
        if name and not name.startswith(f"{PENDING_DIR}/") and not os.path.exists(final):
            pending = super().path(pending_name(name))
            if os.path.exists(pending):
                return pending
        return final


class _LazyPrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = PrivateStorage()


private_storage = _LazyPrivateStorage()


def get_private_storage():
    """Callable for FileField(storage=...) so migrations do not freeze a path."""
    return private_storage
