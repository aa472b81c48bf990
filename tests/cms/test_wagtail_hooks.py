"""The audit log (Wagtail's site history) in the admin's "Báo cáo" menu: for leaders."""

import json
import re

import pytest

from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from cms.wagtail_hooks import user_leads
from tests.forms import factories as f

pytestmark = pytest.mark.django_db

AUDIT_LOG = ("Nhật ký hoạt động", "/admin/reports/site-history/")


def menu_links(html: str) -> list[tuple[str, str]]:
    """(label, url) of every entry of the admin sidebar, which Wagtail ships as JSON."""
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    links = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str) and isinstance(node.get("url"), str):
                links.append((node["label"], node["url"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(props.group(1)))
    return links


def admin_menu(client, user) -> list[tuple[str, str]]:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return menu_links(response.content.decode())


def user_in(username: str, *groups: str) -> User:
    user = User.objects.create_user(username, password="mat-khau-thu")
    user.groups.add(*(Group.objects.get(name=name) for name in groups))
    return user


def test_the_commune_leader_who_approves_pages_finds_the_audit_log_in_the_reports_menu(client, home):
    leader = user_in("lanhdao", "Người kiểm duyệt")  # the demo's "lanhdao" account (cms/demo/accounts.py)

    links = admin_menu(client, leader)

    assert AUDIT_LOG in links
    assert ("Lịch sử website", "/admin/reports/site-history/") not in links  # one entry, not two
    assert client.get(AUDIT_LOG[1]).status_code == 200


def test_the_one_stop_leader_finds_the_audit_log_though_no_page_is_theirs(client, home):
    leader = f.staff_make("lanhdaomotcua", f.LEADERS)

    links = admin_menu(client, leader)

    assert AUDIT_LOG in links
    assert ("Hồ sơ", "/admin/forms/dossier/") in links


def test_officers_do_not_get_the_audit_log_entry(client, home):
    officer = f.staff_make("canbo", f.OFFICERS)

    assert AUDIT_LOG not in admin_menu(client, officer)


def test_anonymous_visitors_get_no_menu_and_no_audit_log(client, home):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.get(AUDIT_LOG[1])
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_who_leads():
    officer = User.objects.create_user("canbo2")
    officer.groups.add(Group.objects.get_or_create(name="Bộ phận Một cửa")[0])
    assert not user_leads(officer)
    signer = User.objects.create_user("ky")
    signer.user_permissions.add(Permission.objects.get(codename="export_personal_id"))
    assert user_leads(User.objects.get(pk=signer.pk))  # a fresh instance: permissions are cached
    assert user_leads(User(username="quantri", is_superuser=True))
    assert not user_leads(User(username="nghiviec", is_superuser=True, is_active=False))
