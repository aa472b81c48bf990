"""Private file storage for dossier and draft files: outside MEDIA_ROOT, never served directly."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT; they have no public URL, views stream them after a check."""

    def __init__(self, **kwargs):
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        kwargs["base_url"] = None
        super().__init__(**kwargs)

    def url(self, name):
        raise ValueError("Tệp hồ sơ không có địa chỉ công khai; dùng khung nhìn có kiểm tra quyền.")


class _LazyPrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = PrivateStorage()


private_storage = _LazyPrivateStorage()


def get_private_storage():
    """Callable for FileField(storage=...) so migrations do not freeze a path."""
    return private_storage
