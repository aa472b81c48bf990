"""A citizen's profile beside Django's user: contact, identity, and which fields a provider vouched for.

Staff (officers, editors) are Django users too, but with ``is_staff``; a citizen account never has
it and never reaches the Wagtail admin. Identity fields that came from the national identity
provider (VNeID through OpenID Connect) are listed in ``verified_fields`` and shown read-only.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


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
