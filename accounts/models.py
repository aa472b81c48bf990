"""A citizen's profile beside Django's user: contact, identity, and which fields a provider vouched for.

Staff (officers, editors) are Django users too, but with ``is_staff``; a citizen account never has
it and never reaches the Wagtail admin. Identity fields that came from the national identity
provider (VNeID through OpenID Connect) are listed in ``verified_fields`` and shown read-only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from forms.files.storage import get_private_storage
from forms.files.uploads import ALLOWED_TYPES


class CitizenProfile(models.Model):
    """What the portal knows about one citizen; the applicant step of a new dossier starts from it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen_profile", verbose_name="tài khoản"
    )
    phone = models.CharField("số điện thoại", max_length=15, blank=True, null=True, unique=True)
    phone_verified = models.BooleanField("đã xác minh số điện thoại", default=False)
    full_name = models.CharField("họ và tên", max_length=255, blank=True)
    id_number = models.CharField("số định danh cá nhân", max_length=12, blank=True)
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    address = models.CharField("địa chỉ", max_length=500, blank=True)
    # Names of the fields above that the identity provider supplied (shown read-only), and which one.
    verified_fields = models.JSONField("trường do định danh quốc gia cung cấp", default=list, blank=True)
    identity_provider = models.CharField("nhà cung cấp định danh", max_length=100, blank=True)
    created_at = models.DateTimeField("ngày tạo", default=timezone.now)

    class Meta:
        verbose_name = "hồ sơ công dân"
        verbose_name_plural = "hồ sơ công dân"

    def __str__(self) -> str:
        return self.full_name or self.phone or self.user.get_username()

    def is_verified(self, field: str) -> bool:
        """Whether ``field`` came from the identity provider and so may not be edited by hand."""
        return field in self.verified_fields


def saved_document_upload_to(instance, filename: str) -> str:
    # Random names on disk, the extension from the sniffed type: nothing the citizen typed reaches the path.
    extension = ALLOWED_TYPES.get(instance.content_type, ("bin",))[0]
    return f"accounts/documents/{uuid.uuid4().hex}.{extension}"


class SavedDocument(models.Model):
    """A paper the citizen keeps in the account (ID card, household papers …) to attach to later dossiers.

    The file lives in the private storage of dossier files and is served only to its owner. ``kind``
    is the name of the dossier slot it was uploaded for ("Bản sao Giấy khai sinh"), used to offer it
    first where a new dossier asks for the same paper. ``checksum`` keeps one copy of identical files.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_documents", verbose_name="tài khoản"
    )
    label = models.CharField("tên giấy tờ", max_length=255)
    kind = models.CharField("loại giấy tờ (thành phần hồ sơ)", max_length=500, blank=True)
    file = models.FileField("tệp", storage=get_private_storage, upload_to=saved_document_upload_to, max_length=255)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("kiểu tệp", max_length=100)
    size = models.PositiveIntegerField("dung lượng")
    checksum = models.CharField("mã băm SHA-256", max_length=64, editable=False)
    created_at = models.DateTimeField("ngày lưu", default=timezone.now)

    class Meta:
        verbose_name = "giấy tờ đã lưu"
        verbose_name_plural = "giấy tờ đã lưu"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "checksum"], name="accounts_saveddocument_owner_checksum")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.original_name}"
