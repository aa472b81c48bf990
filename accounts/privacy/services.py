"""Actions on a citizen's account: export everything held about them, and close the account.

Decree 13/2023/NĐ-CP on personal data protection gives the data subject the right to obtain their
data (art. 9, 14) and to have it erased (art. 16). Dossiers are the commune's administrative
records, which the law requires it to keep (Decree 61/2018/NĐ-CP; retention per procedure): closing
an account detaches them (``owner`` becomes empty) and never deletes them.
"""

import json
import logging
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from accounts.citizens import is_staff_account
from forms.files.storage import STORAGE_ERRORS
from forms.models import Dossier, Draft, DraftFile

logger = logging.getLogger(__name__)

EXPORT_JSON_NAME = "du-lieu-ca-nhan.json"
EXPORT_README_NAME = "doc-truoc.txt"
EXPORT_README = """Dữ liệu cá nhân của ông/bà trên Cổng dịch vụ công của xã

Tệp {json} chứa mọi thông tin Cổng lưu về tài khoản của ông/bà (theo Nghị định 13/2023/NĐ-CP về
bảo vệ dữ liệu cá nhân): tài khoản, thông tin cá nhân, các hồ sơ đã nộp cùng nội dung tờ khai và
quá trình giải quyết, các bản nháp, giấy tờ đã lưu. Thư mục "tep" chứa các tệp đã tải lên và tệp
kết quả; đường dẫn của từng tệp ghi trong mục "file" của tệp {json}.

Xuất lúc: {at}
"""
# Relations already written in their own section; every other model that points at the user is
# written generically under "other", so data a later feature keeps is never left out.
OWN_SECTIONS = {"citizen_profile", "dossiers", "drafts"}
# Never exported: credentials and one-time secrets that are not data about the citizen.
SECRET_FIELD = re.compile(r"password|secret|token|(^|_)key$", re.IGNORECASE)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


class _Zip:
    """The ZIP being written, and a file name inside it for every stored file added."""

    def __init__(self, target: IO[bytes]):
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED)
        self.names: set[str] = set()

    def add_file(self, field_file, *, folder: str, original_name: str = "") -> str | None:
        if not field_file or not field_file.name:
            return None
        base = re.sub(r"[^\w.\-]+", "-", original_name or field_file.name.rsplit("/", 1)[-1]).strip("-") or "tep"
        name = f"tep/{folder}/{base}"
        number = 1
        while name in self.names:
            number += 1
            name = f"tep/{folder}/{number}-{base}"
        try:
            with field_file.storage.open(field_file.name, "rb") as handle, self.zip.open(name, "w") as out:
                while chunk := handle.read(1024 * 1024):
                    out.write(chunk)
        except STORAGE_ERRORS:
            logger.warning("Tệp %s không còn trong kho lưu trữ; bỏ qua khi xuất dữ liệu", field_file.name)
            return None
        self.names.add(name)
        return name


def _generic(instance: models.Model, archive: _Zip, *, folder: str) -> dict[str, Any]:
    """Every concrete, non-secret field of ``instance``; files go into the ZIP."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if SECRET_FIELD.search(field.name):
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, models.FileField):
            data[field.name] = archive.add_file(getattr(instance, field.name), folder=folder)
        else:
            data[field.name] = _jsonable(value)
    return data


def _dossier(dossier: Dossier, archive: _Zip) -> dict[str, Any]:
    folder = f"ho-so/{dossier.code}"
    data = _generic(dossier, archive, folder=folder)
    data["status_label"] = dossier.get_status_display()
    data["history"] = [
        {
            "at": _jsonable(event.created_at),
            "kind": event.get_kind_display(),
            "status": event.get_to_status_display(),
            "note": event.note,
            "by": event.actor_label,
        }
        for event in dossier.events.order_by("created_at", "pk")
    ]
    data["files"] = [
        {
            "label": attachment.label,
            "kind": attachment.get_kind_display(),
            "original_name": attachment.original_name,
            "size": attachment.size,
            "uploaded_at": _jsonable(attachment.created_at),
            "file": archive.add_file(attachment.file, folder=folder, original_name=attachment.original_name),
        }
        for attachment in dossier.attachments.order_by("created_at", "pk")
    ]
    rating = getattr(dossier, "rating", None)
    data["rating"] = (
        {"score": rating.score, "comment": rating.comment, "at": _jsonable(rating.created_at)} if rating else None
    )
    return data


def _draft(draft: Draft, archive: _Zip) -> dict[str, Any]:
    folder = f"ban-nhap/{draft.pk}"
    return {
        "form": str(draft.form_page or draft.procedure or ""),
        "data": _jsonable(draft.data),
        "email": draft.email,
        "created_at": _jsonable(draft.created_at),
        "updated_at": _jsonable(draft.updated_at),
        "files": [
            {
                "slot": draft_file.slot,
                "original_name": draft_file.original_name,
                "size": draft_file.size,
                "file": archive.add_file(draft_file.file, folder=folder, original_name=draft_file.original_name),
            }
            for draft_file in draft.files.order_by("pk")
        ],
    }


def _other_relations(user):
    for relation in user._meta.related_objects:
        if relation.get_accessor_name() in OWN_SECTIONS or relation.many_to_many:
            continue
        model = relation.related_model
        rows = model._default_manager.filter(**{relation.field.name: user})
        yield f"{model._meta.app_label}.{model._meta.model_name}", model._meta.verbose_name_plural, rows


def account_export(*, user, target: IO[bytes]) -> None:
    """Write into ``target`` a ZIP of everything held about ``user``: a JSON and the files.

    The JSON has the account, the profile, every dossier the citizen owns (answers as submitted,
    history, files, rating), drafts, and, generically, rows of any other model that points at the
    account (saved documents, e-mail addresses, linked national identity …), without passwords,
    tokens or keys.
    """
    archive = _Zip(target)
    now = timezone.localtime()
    payload: dict[str, Any] = {
        "exported_at": now.isoformat(),
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _jsonable(user.date_joined),
            "last_login": _jsonable(user.last_login),
        },
        "profile": None,
    }
    profile = getattr(user, "citizen_profile", None)  # None when the account has no profile
    if profile is not None:
        payload["profile"] = _generic(profile, archive, folder="thong-tin")
    payload["dossiers"] = [
        _dossier(dossier, archive)
        for dossier in Dossier.objects.filter(owner=user).select_related("rating").order_by("submitted_at", "pk")
    ]
    payload["drafts"] = [
        _draft(draft, archive)
        for draft in Draft.objects.filter(owner=user).select_related("form_page", "procedure").order_by("pk")
    ]
    other: dict[str, Any] = {}
    for label, title, rows in _other_relations(user):
        items = [_generic(row, archive, folder=label) for row in rows]
        if items:
            other[label] = {"title": str(title), "items": items}
    payload["other"] = other
    archive.zip.writestr(EXPORT_JSON_NAME, json.dumps(payload, ensure_ascii=False, indent=2))
    archive.zip.writestr(EXPORT_README_NAME, EXPORT_README.format(json=EXPORT_JSON_NAME, at=f"{now:%H:%M %d/%m/%Y}"))
    archive.zip.close()


@dataclass(frozen=True)
class AccountClosure:
    """What closing an account did."""

    dossiers_detached: int
    drafts_deleted: int


def account_close(*, user) -> AccountClosure:
    """Close a citizen's account: dossiers stay with the commune, detached; everything else goes.

    Dossiers get no owner (the commune keeps them as the law requires); drafts and their files,
    the profile and every other row pointing at the account (saved documents and their files,
    e-mail addresses, linked identities) are deleted with the user. Files are removed once the
    transaction commits, so a failure leaves everything as it was. Staff accounts (is_staff or in any
    group: officers, editors) are refused:
    they are managed in the admin. A second call for the same (deleted) user raises.
    """
    if user.pk is None or not get_user_model().objects.filter(pk=user.pk).exists():
        raise ValidationError("Tài khoản này đã đóng.")
    # Officers and editors reach the admin through their groups, not always through is_staff.
    if is_staff_account(user) or user.groups.exists():
        raise ValidationError("Tài khoản cán bộ không đóng tại đây; hãy liên hệ quản trị viên.")
    files: list = []
    with transaction.atomic():
        detached = Dossier.objects.filter(owner=user).update(owner=None)
        drafts = Draft.objects.filter(owner=user)
        files += [draft_file.file for draft_file in DraftFile.objects.filter(draft__in=drafts)]
        drafts_deleted = drafts.count()
        drafts.delete()
        for _label, _title, rows in _other_relations(user):
            file_fields = [f for f in rows.model._meta.concrete_fields if isinstance(f, models.FileField)]
            for row in rows if file_fields else ():
                files += [getattr(row, f.name) for f in file_fields if getattr(row, f.name)]
        user.delete()
        transaction.on_commit(lambda: _delete_files(files))
    return AccountClosure(dossiers_detached=detached, drafts_deleted=drafts_deleted)


def _delete_files(files: list) -> None:
    for field_file in files:
        try:
            field_file.storage.delete(field_file.name)
        except STORAGE_ERRORS:
            logger.warning("Không xóa được tệp %s khi đóng tài khoản", field_file.name)
