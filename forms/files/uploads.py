"""Upload checks shared by the wizard, the supplement form and ``dossier_submit``.

Types are decided from the bytes, never from the name or the browser's Content-Type: a program
renamed ``.pdf`` is refused. DOCX is a ZIP holding ``word/document.xml``; DOC is an OLE2 compound
file holding a ``WordDocument`` stream (its directory stores names in UTF-16LE).
"""

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

ALLOWED_TYPES = {
    "application/pdf": ("pdf", "PDF"),
    "image/jpeg": ("jpg", "JPEG"),
    "image/png": ("png", "PNG"),
    "application/msword": ("doc", "DOC"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx", "DOCX"),
}
ALLOWED_TYPES_LABEL = "PDF, JPEG, PNG, DOC hoặc DOCX"
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.doc,.docx"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")


@dataclass(frozen=True)
class SniffedFile:
    """What the content of an upload turned out to be."""

    content_type: str
    extension: str


def _head(file, size: int = 8192) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def sniff_content_type(file) -> SniffedFile | None:
    """Return the allowed type of ``file`` judged from its bytes, or None when it is not allowed."""
    head = _head(file)
    if head.startswith(b"%PDF-"):
        return SniffedFile("application/pdf", "pdf")
    if head.startswith(_OLE_MAGIC):
        # The directory sector can sit anywhere; Word files are small enough to scan a few MB.
        file.seek(0)
        found = _WORD_STREAM in file.read(8 * 1024 * 1024)
        file.seek(0)
        return SniffedFile("application/msword", "doc") if found else None
    if head.startswith(b"PK\x03\x04"):
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            file.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return SniffedFile("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
        return None
    kind = filetype.guess(head)
    if kind and kind.mime in ("image/jpeg", "image/png"):
        return SniffedFile(kind.mime, ALLOWED_TYPES[kind.mime][0])
    return None


def safe_filename(name: str, extension: str) -> str:
    """Return a display name built from ``name`` with the sniffed ``extension``; no paths, no controls."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = os.path.splitext(base)[0]
    base = unicodedata.normalize("NFC", base)
    base = re.sub(r"[\x00-\x1f\x7f<>:\"/\\|?*]+", "", base).strip(" .")
    base = re.sub(r"\s+", " ", base)[:80] or "tep"
    return f"{base}.{extension}"


EMPTY_FILE_MESSAGE = "Tệp đã chọn trống (0 byte). Hãy chọn lại tệp có nội dung."
# Django's own messages for a file field say "tập tin"; the portal says "tệp" everywhere.
FILE_ERRORS = {
    "invalid": "Không nhận được tệp. Hãy chọn lại tệp rồi gửi lại.",
    "missing": "Không nhận được tệp. Hãy chọn lại tệp rồi gửi lại.",
    "empty": EMPTY_FILE_MESSAGE,
    "max_length": "Tên tệp dài quá %(max)d ký tự (hiện có %(length)d). Hãy đổi tên tệp cho ngắn hơn.",
    "contradiction": "Hãy chọn một tệp mới hoặc đánh dấu ô xóa, không chọn cả hai.",
}


def validate_upload(file) -> SniffedFile:
    """Check one uploaded file's size and type; raise ValidationError with a Vietnamese message."""
    limit = settings.FORMS_UPLOAD_MAX_FILE_SIZE
    if file.size == 0:
        raise ValidationError(EMPTY_FILE_MESSAGE, code="empty")
    if file.size > limit:
        raise ValidationError(
            "Tệp quá lớn (%(size)s). Mỗi tệp tối đa %(limit)s.",
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    sniffed = sniff_content_type(file)
    if sniffed is None:
        raise ValidationError(
            "Tệp không đúng định dạng cho phép (%(types)s). Nội dung tệp được kiểm tra, không dựa vào tên tệp.",
            code="file_type",
            params={"types": ALLOWED_TYPES_LABEL},
        )
    return sniffed


def validate_total_size(total: int) -> None:
    """Raise ValidationError when the files of one dossier add up to more than the per-dossier limit."""
    limit = settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE
    if total > limit:
        raise ValidationError(
            "Tổng dung lượng các tệp (%(size)s) vượt quá mức cho phép của một hồ sơ (%(limit)s).",
            code="dossier_too_large",
            params={"size": filesizeformat(total), "limit": filesizeformat(limit)},
        )
