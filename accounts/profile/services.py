"""Changes a citizen makes to their own profile; the fields the identity provider supplied stay as it said."""

from collections.abc import Mapping
from typing import Any

from allauth.account.models import EmailAddress

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from accounts.models import CitizenProfile

# What a citizen may change by hand; the ID number and phone are not among them (the ID number only
# comes from the provider, the phone is changed by proving the new number).
EDITABLE_FIELDS = ("full_name", "birth_date", "address")


def profile_get_or_create(*, user: AbstractBaseUser) -> CitizenProfile:
    """The citizen's profile, made empty on first use (accounts made before profiles existed)."""
    profile, _ = CitizenProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(*, user: AbstractBaseUser, changes: Mapping[str, Any]) -> CitizenProfile:
    """Apply the citizen's own ``changes`` (field -> value) to their profile.

    Raises ``ValidationError`` for a field that is not editable, and for any change to a field the
    identity provider supplied (``verified_fields``): those change only at the next single sign-on.
    """
    profile, _ = CitizenProfile.objects.select_for_update().get_or_create(user=user)
    errors = {}
    for field, value in changes.items():
        if field not in EDITABLE_FIELDS:
            errors[field] = "Trường này không sửa được ở đây."
        elif profile.is_verified(field) and getattr(profile, field) != value:
            errors[field] = "Thông tin này do định danh quốc gia cung cấp, không sửa được."
    if errors:
        raise ValidationError(errors)
    for field, value in changes.items():
        setattr(profile, field, value)
    profile.save(update_fields=[*changes] or None)
    return profile


def profile_email_change(*, request: HttpRequest, user: AbstractBaseUser, email: str) -> EmailAddress | None:
    """Ask to change the citizen's e-mail to ``email``: allauth sends it a confirmation first.

    Returns the pending address, or ``None`` when ``email`` is already the citizen's address. Until
    it is confirmed the old address (if any) stays the one used to sign in and to reset a password.
    """
    email = email.strip().lower()
    if email == (user.email or "").lower():
        return None
    return EmailAddress.objects.add_new_email(request, user, email)
