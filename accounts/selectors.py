"""Reads about accounts: who is staff, which citizen owns a phone number."""

from django.contrib.auth.base_user import AbstractBaseUser

from accounts.models import CitizenProfile


def is_staff_account(user: AbstractBaseUser) -> bool:
    """Whether ``user`` is an officer, editor or administrator: one who signs in only at /admin/."""
    return bool(
        getattr(user, "is_staff", False)
        or getattr(user, "is_superuser", False)
        or user.has_perm("wagtailadmin.access_admin")
    )


def user_by_phone(*, phone: str) -> AbstractBaseUser | None:
    """The account whose profile has this mobile number (national form), if any."""
    profile = CitizenProfile.objects.select_related("user").filter(phone=phone).first()
    return profile.user if profile else None


def profile_phone(*, user: AbstractBaseUser) -> tuple[str, bool] | None:
    """The account's mobile number and whether it was proved with a code, or None."""
    if not user.pk:
        return None
    row = CitizenProfile.objects.filter(user=user).values_list("phone", "phone_verified").first()
    if not row or not row[0]:
        return None
    return row[0], row[1]
