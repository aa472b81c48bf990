"""Actions on citizens' accounts: the profile created with the account, the phone number on it."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from accounts.models import CitizenProfile


def citizen_profile_ensure(*, user: AbstractBaseUser) -> CitizenProfile:
    """The citizen's profile, created empty the first time (on signup, or the first SSO login)."""
    profile, _ = CitizenProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def citizen_phone_set(*, user: AbstractBaseUser, phone: str, verified: bool) -> CitizenProfile:
    """Put ``phone`` (national form, 0xxxxxxxxx) on the citizen's profile.

    A number is on one account only (the profile's unique constraint); a changed number is
    unproved until its code is entered.
    """
    profile = citizen_profile_ensure(user=user)
    profile.phone = phone or None
    profile.phone_verified = bool(phone) and verified
    profile.save(update_fields=["phone", "phone_verified"])
    return profile


def citizen_phone_verify(*, user: AbstractBaseUser, phone: str) -> bool:
    """Mark the profile's number proved, if it is still ``phone``; return whether it was."""
    updated = CitizenProfile.objects.filter(user=user, phone=phone).update(phone_verified=True)
    return updated == 1
