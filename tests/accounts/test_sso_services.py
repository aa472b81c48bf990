"""Claims into the profile (accounts.sso.services), without a provider."""

import datetime

import pytest

from django.contrib.auth import get_user_model

from accounts.models import CitizenProfile
from accounts.sso.services import claims_merge, profile_claims, profile_update_from_claims

NAMES = {
    "full_name": ["name"],
    "id_number": ["identity_number", "cccd"],
    "birth_date": ["birthdate"],
    "address": ["address"],
}


def test_userinfo_overrides_the_id_token():
    extra = {"id_token": {"sub": "1", "name": "Cũ", "acr": "2"}, "userinfo": {"sub": "1", "name": "Mới"}}

    assert claims_merge(extra_data=extra) == {"sub": "1", "name": "Mới", "acr": "2"}


def test_claims_stored_by_old_allauth_are_the_userinfo_itself():
    assert claims_merge(extra_data={"sub": "1", "name": "An"}) == {"sub": "1", "name": "An"}


def test_each_field_from_its_claim():
    claims = {
        "name": "  Lê   Văn  Tám ",
        "cccd": "060085000001",
        "birthdate": "12/10/1960",
        "address": "Thôn 3, xã Hàm Chính",
    }

    assert profile_claims(claims=claims, claim_names=NAMES) == {
        "full_name": "Lê Văn Tám",
        "id_number": "060085000001",
        "birth_date": datetime.date(1960, 10, 12),
        "address": "Thôn 3, xã Hàm Chính",
    }


def test_first_configured_claim_wins_and_name_falls_back_to_its_parts():
    claims = {"identity_number": "060085000002", "cccd": "060085000003", "family_name": "Phạm", "given_name": "Hoa"}

    found = profile_claims(claims=claims, claim_names=NAMES)

    assert found == {"full_name": "Phạm Hoa", "id_number": "060085000002"}


def test_address_object_formatted_first():
    claims = {"address": {"formatted": "Số 1, xã Hàm Chính", "locality": "bỏ qua"}}

    assert profile_claims(claims=claims, claim_names=NAMES) == {"address": "Số 1, xã Hàm Chính"}


@pytest.mark.parametrize(
    "claims",
    [
        {"identity_number": "06008500000"},  # 11 digits
        {"identity_number": "06008500000X"},
        {"birthdate": "1960"},  # year only
        {"birthdate": "0000-10-12"},  # year withheld
        {"address": {}},
        {"name": "   "},
    ],
)
def test_values_that_are_not_usable_are_left_out(claims):
    assert profile_claims(claims=claims, claim_names=NAMES) == {}


def test_old_nine_digit_identity_card_number_is_taken():
    assert profile_claims(claims={"cccd": "261234567"}, claim_names=NAMES) == {"id_number": "261234567"}


@pytest.mark.django_db
def test_profile_filled_verified_and_refreshed_at_every_sign_in():
    user = get_user_model().objects.create_user("vneid-1")
    claims = {"name": "Võ Thị Sáu", "identity_number": "060185009999", "birthdate": "1985-01-02"}

    profile_update_from_claims(user=user, claims=claims, provider="vneid", claim_names=NAMES)
    profile_update_from_claims(
        user=user, claims={"name": "Võ Thị Sáu", "address": "Thôn 4"}, provider="vneid", claim_names=NAMES
    )

    profile = CitizenProfile.objects.get(user=user)
    assert profile.full_name == "Võ Thị Sáu"
    assert profile.address == "Thôn 4"
    # No longer sent: kept, but editable again.
    assert profile.id_number == "060185009999"
    assert profile.birth_date == datetime.date(1985, 1, 2)
    assert profile.verified_fields == ["address", "full_name"]
    assert profile.identity_provider == "vneid"


@pytest.mark.django_db
def test_claim_names_come_from_the_settings(settings):
    settings.SSO_CLAIMS = {"full_name": ["ho_ten"], "id_number": ["so_dinh_danh"]}
    user = get_user_model().objects.create_user("vneid-2")

    profile = profile_update_from_claims(
        user=user, claims={"ho_ten": "Đinh Văn Hùng", "so_dinh_danh": "060085001111", "name": "x"}, provider="vneid"
    )

    assert (profile.full_name, profile.id_number) == ("Đinh Văn Hùng", "060085001111")


@pytest.mark.django_db
@pytest.mark.parametrize("flag", ["is_staff", "is_superuser"])
def test_staff_accounts_are_refused(flag):
    user = get_user_model().objects.create_user("can-bo", **{flag: True})

    with pytest.raises(ValueError):
        profile_update_from_claims(user=user, claims={"name": "A"}, provider="vneid", claim_names=NAMES)

    assert not CitizenProfile.objects.exists()
