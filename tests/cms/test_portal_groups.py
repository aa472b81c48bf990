"""Staff groups carry Vietnamese names, and "Quản trị cổng" keeps the commune settings without a superuser."""

import importlib

import pytest

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.urls import reverse

from wagtail.models import Site

from cms.models import CommuneSettings

migration = importlib.import_module("cms.migrations.0007_portal_groups")


@pytest.fixture
def administrator(db):
    user = User.objects.create_user(username="quantri", password="mat-khau-thu-nghiem")
    user.groups.add(Group.objects.get(name="Quản trị cổng"))
    return user


def settings_form(**changes) -> dict:
    data = {
        "commune_name": "Xã Hàm Chính",
        "committee_name": "Ủy ban nhân dân xã Hàm Chính",
        "commune_code": "23098",
        "district": "",
        "province": "",
        "address": "Thôn 1, xã Hàm Chính",
        "hotline": "0252 3 123 456",
        "email": "",
        "opening_hours": "Thứ Hai – Thứ Sáu: 7h00 – 17h00",
        "bank_bin": "970415",
        "bank_account_number": "1234567890",
        "bank_account_name": "UBND XA HAM CHINH",
        "retention_months": "60",
        "personal_data_purpose": "Giải quyết thủ tục hành chính và lưu trữ hồ sơ theo quy định.",
    }
    data.update(changes)
    return data


def test_wagtail_groups_are_renamed_and_the_administrators_group_exists(db):
    names = set(Group.objects.values_list("name", flat=True))

    assert {"Biên tập viên", "Người kiểm duyệt", "Quản trị cổng"} <= names
    assert not {"Editors", "Moderators"} & names


def test_administrators_group_holds_settings_accounts_and_redirects_but_no_pages(db):
    group = Group.objects.get(name="Quản trị cổng")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))

    assert codenames == {
        ("wagtailadmin", "access_admin"),
        ("cms", "change_communesettings"),
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "delete_user"),
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
    }
    assert not group.page_permissions.exists()


def test_administrator_saves_the_commune_settings_with_the_bank_account(client, administrator, home):
    site = Site.objects.get(is_default_site=True)
    client.force_login(administrator)
    url = reverse("wagtailsettings:edit", args=["cms", "communesettings", site.pk])

    response = client.post(url, settings_form())

    assert response.status_code == 302
    saved = CommuneSettings.objects.get(site=site)
    assert (saved.bank_bin, saved.bank_account_number, saved.bank_account_name) == (
        "970415",
        "1234567890",
        "UBND XA HAM CHINH",
    )
    assert saved.hotline == "0252 3 123 456"


def test_a_bank_code_that_is_not_six_digits_is_refused_in_vietnamese(client, administrator, home):
    site = Site.objects.get(is_default_site=True)
    client.force_login(administrator)
    url = reverse("wagtailsettings:edit", args=["cms", "communesettings", site.pk])

    response = client.post(url, settings_form(bank_bin="VTB"))

    assert response.status_code == 200
    assert "Mã ngân hàng gồm đúng 6 chữ số, ví dụ 970415." in response.content.decode()
    assert not CommuneSettings.objects.filter(site=site, bank_bin="VTB").exists()


def test_an_editor_cannot_open_the_commune_settings(client, home):
    editor = User.objects.create_user(username="bientap", password="mat-khau-thu-nghiem")
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    client.force_login(editor)
    site = Site.objects.get(is_default_site=True)

    response = client.get(reverse("wagtailsettings:edit", args=["cms", "communesettings", site.pk]))

    assert response.status_code in (302, 403)


def test_group_migration_reverses_and_never_takes_a_name_already_in_use(db):
    migration.backwards(apps, None)
    assert set(Group.objects.filter(name__in=["Editors", "Moderators"]).values_list("name", flat=True)) == {
        "Editors",
        "Moderators",
    }
    assert not Group.objects.filter(name="Quản trị cổng").exists()

    Group.objects.create(name="Biên tập viên")  # a commune already made its own group of that name
    migration.forwards(apps, None)
    migration.forwards(apps, None)

    assert Group.objects.filter(name="Editors").count() == 1
    assert Group.objects.filter(name="Biên tập viên").count() == 1
    assert Group.objects.filter(name="Người kiểm duyệt").count() == 1
    assert Group.objects.get(name="Quản trị cổng").permissions.count() == 8
