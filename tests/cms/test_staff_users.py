"""The users admin per commune (issue #17): a commune's "Quản trị cổng" manages its staff only."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.accounts.factories import citizen_make
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
USERS = "/admin/users/"
ADMINISTRATORS = "Quản trị cổng"


@pytest.fixture
def staff(two_communes):
    from types import SimpleNamespace

    a, b = two_communes.a, two_communes.b
    return SimpleNamespace(
        a=a,
        b=b,
        admin_a=f.commune_staff_make("quantri-a", a, ADMINISTRATORS),
        admin_b=f.commune_staff_make("quantri-b", b, ADMINISTRATORS),
        officer_a=f.commune_staff_make("canbo-a", a, f.OFFICERS),
        officer_b=f.commune_staff_make("canbo-b", b, f.OFFICERS),
        citizen=citizen_make(),
        group_a=Group.objects.get(name=f"{f.OFFICERS} – {a.hostname}"),
        group_b=Group.objects.get(name=f"{f.OFFICERS} – {b.hostname}"),
    )


def user_urls(user) -> list[str]:
    return [f"{USERS}edit/{user.pk}/", f"{USERS}delete/{user.pk}/", f"{USERS}history/{user.pk}/"]


def test_a_communes_administrator_lists_and_opens_its_staff_only(client, staff):
    client.force_login(staff.admin_a)
    html = client.get(USERS).content.decode()
    assert "canbo-a" in html and "quantri-a" in html
    assert "canbo-b" not in html and "quantri-b" not in html and staff.citizen.username not in html
    for url in user_urls(staff.officer_a):
        assert client.get(url).status_code == 200, url
    for user in (staff.officer_b, staff.admin_b, staff.citizen):
        for url in user_urls(user):
            assert client.get(url).status_code == 404, url
    assert client.post(f"{USERS}delete/{staff.officer_b.pk}/").status_code == 404
    assert get_user_model().objects.filter(pk=staff.officer_b.pk).exists()


def test_only_the_communes_groups_are_offered_and_other_groups_are_kept(client, staff):
    staff.officer_a.groups.add(staff.group_b)  # also works for b
    client.force_login(staff.admin_a)
    html = client.get(f"{USERS}edit/{staff.officer_a.pk}/").content.decode()
    assert f'value="{staff.group_a.pk}"' in html and f'value="{staff.group_b.pk}"' not in html
    assert 'name="is_superuser"' not in html
    leaders_a = Group.objects.get_or_create(name=f"{f.LEADERS} – {staff.a.hostname}")[0]
    response = client.post(
        f"{USERS}edit/{staff.officer_a.pk}/",
        {
            "username": "canbo-a",
            "email": "canbo-a@xa.example",
            "first_name": "Minh",
            "last_name": "Trần Văn",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [str(staff.group_a.pk)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    staff.officer_a.refresh_from_db()
    assert set(staff.officer_a.groups.all()) == {staff.group_a, staff.group_b}
    assert not staff.officer_a.is_superuser
    assert leaders_a not in staff.officer_a.groups.all()


def test_a_new_account_gets_a_group_of_the_commune_and_never_another(client, staff):
    client.force_login(staff.admin_b)
    data = {
        "username": "canbo-moi",
        "email": "moi@xa.example",
        "first_name": "Lan",
        "last_name": "Lê Thị",
        "password1": "mot-mat-khau-dai-2026",
        "password2": "mot-mat-khau-dai-2026",
    }
    response = client.post(f"{USERS}new/", data)
    assert response.status_code == 200 and "Hãy chọn ít nhất một nhóm của xã." in response.content.decode()
    response = client.post(f"{USERS}new/", {**data, "groups": [str(staff.group_a.pk)]})
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="canbo-moi").exists()
    response = client.post(f"{USERS}new/", {**data, "groups": [str(staff.group_b.pk)], "is_superuser": "on"})
    assert response.status_code == 302
    created = get_user_model().objects.get(username="canbo-moi")
    assert list(created.groups.all()) == [staff.group_b] and not created.is_superuser


def test_a_superuser_manages_every_account(client, staff):
    root = get_user_model().objects.create_superuser("goc", "goc@xa.example", "mat-khau-goc")
    client.force_login(root)
    html = client.get(USERS).content.decode()
    assert "canbo-a" in html and "canbo-b" in html
    assert client.get(f"{USERS}edit/{staff.officer_b.pk}/").status_code == 200
