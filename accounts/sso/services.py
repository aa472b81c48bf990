"""Identity claims from the OpenID Connect provider into the citizen's profile.

The provider (VNeID through the national portal) has verified the person, so every profile field
it supplies is marked in ``CitizenProfile.verified_fields`` and can no longer be edited by hand
(``accounts.profile.services.profile_update`` refuses it). The claims are read again at every
single sign-on, so a change of name or address at the provider reaches the portal.
"""

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from accounts.citizens import is_staff_account
from accounts.models import CitizenProfile

# Order of the parts of an OpenID Connect address claim object (OIDC Core 1.0, 5.1.1) on one line.
_ADDRESS_PARTS = ("street_address", "locality", "region", "postal_code", "country")


def claims_merge(*, extra_data: Mapping[str, Any]) -> dict[str, Any]:
    """The claims allauth stored for one sign-in: the ID token's, overridden by the userinfo's."""
    claims: dict[str, Any] = {}
    for part in ("id_token", "userinfo"):
        if isinstance(extra_data.get(part), Mapping):
            claims.update(extra_data[part])
    if not claims:  # allauth before 65.11 stored the userinfo itself
        claims.update(extra_data)
    return claims


def _first(claims: Mapping[str, Any], names: Sequence[str]) -> Any:
    for name in names:
        value = claims.get(name)
        if value not in (None, "", {}, []):
            return value
    return None


def _full_name(value: Any, claims: Mapping[str, Any]) -> str:
    if value is None:
        # Vietnamese order: family, middle, given ("Nguyễn Văn An").
        value = " ".join(str(claims[k]).strip() for k in ("family_name", "middle_name", "given_name") if claims.get(k))
    return " ".join(str(value).split())[:255]


def _id_number(value: Any) -> str:
    # Số định danh cá nhân: 12 digits (Luật Căn cước 2023, Nghị định 70/2024/NĐ-CP); the old
    # identity card number (CMND) had 9. Anything else is not taken as an ID number.
    text = str(value).strip() if value is not None else ""
    return text if text.isdigit() and len(text) in (9, 12) else ""


def _birth_date(value: Any) -> datetime.date | None:
    # OIDC's "birthdate" is YYYY-MM-DD (0000-MM-DD when the year is withheld, YYYY alone when only
    # the year is given: neither is a date); Vietnamese papers write DD/MM/YYYY.
    text = str(value).strip() if value is not None else ""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _address(value: Any) -> str:
    if isinstance(value, Mapping):
        formatted = str(value.get("formatted") or "").strip()
        if formatted:
            value = formatted
        else:
            value = ", ".join(str(value[k]).strip() for k in _ADDRESS_PARTS if str(value.get(k) or "").strip())
    text = " ".join(str(value).split()) if value is not None else ""
    return text[:500]


def profile_claims(*, claims: Mapping[str, Any], claim_names: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The profile fields found in ``claims`` (field -> value), each read from its configured claim names."""
    found: dict[str, Any] = {}
    full_name = _full_name(_first(claims, claim_names.get("full_name", ())), claims)
    if full_name:
        found["full_name"] = full_name
    id_number = _id_number(_first(claims, claim_names.get("id_number", ())))
    if id_number:
        found["id_number"] = id_number
    birth_date = _birth_date(_first(claims, claim_names.get("birth_date", ())))
    if birth_date:
        found["birth_date"] = birth_date
    address = _address(_first(claims, claim_names.get("address", ())))
    if address:
        found["address"] = address
    return found


@transaction.atomic
def profile_update_from_claims(
    *,
    user: AbstractBaseUser,
    claims: Mapping[str, Any],
    provider: str,
    claim_names: Mapping[str, Sequence[str]] | None = None,
) -> CitizenProfile:
    """Fill ``user``'s profile from the provider's ``claims`` and mark those fields verified.

    ``claim_names`` defaults to ``settings.SSO_CLAIMS`` (OIDC_CLAIM_* variables). The fields found
    this time replace ``verified_fields``: a claim the provider stops sending becomes editable again,
    with its last value kept. Refuses a staff account: single sign-on is for citizens only.
    """
    if is_staff_account(user):
        raise ValueError("Tài khoản cán bộ không đăng nhập bằng định danh quốc gia.")
    names = claim_names if claim_names is not None else settings.SSO_CLAIMS
    found = profile_claims(claims=claims, claim_names=names)
    profile, _ = CitizenProfile.objects.select_for_update().get_or_create(user=user)
    for field, value in found.items():
        setattr(profile, field, value)
    profile.verified_fields = sorted(found)
    profile.identity_provider = provider
    profile.save()
    return profile
