"""Editors and officers work in a Vietnamese Wagtail admin, including strings Wagtail 8.0.1 leaves in English."""

import importlib
import json
import re

import pytest

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import translation

from wagtail.models import Task, Workflow


@pytest.fixture
def editor(db):
    user = User.objects.create_user(username="bientapvien", password="mat-khau-thu-nghiem", email="bt@xa.vn")
    user.groups.add(Group.objects.get(name="Biên tập viên"), Group.objects.get(name="Người kiểm duyệt"))
    return user


def sidebar_labels(html: str) -> set[str]:
    """Every menu label of the sidebar, which Wagtail ships as JSON with non-ASCII characters escaped."""
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    labels = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "label" and isinstance(value, str):
                    labels.add(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(props.group(1)))
    return labels


def test_sidebar_menu_is_vietnamese(admin_client, home):
    labels = sidebar_labels(admin_client.get(reverse("wagtailadmin_home")).content.decode())

    assert {
        "Trang",
        "Hình ảnh",
        "Tài liệu",
        "Báo cáo",
        "Cài đặt",
        "Trợ giúp",
        "Chuyển hướng",
        "Các bước duyệt",
    } <= labels
    assert not {"Images", "Documents", "Reports", "Help", "Redirects", "Workflow tasks", "Page types usage"} & labels


def test_dashboard_is_vietnamese(admin_client, home):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "hình ảnh <span" in html
    assert "tài liệu <span" in html
    assert "Images <span" not in html
    assert "Documents <span" not in html
    assert "Hướng dẫn biên tập Wagtail" in html
    assert "editor guide" not in html


def test_page_explorer_is_vietnamese(client, editor, home):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_explore", args=[home.pk])).content.decode()

    assert "Thêm trang con" in html
    assert "Add child page" not in html
    assert "Sắp xếp thứ tự menu" in html
    assert "Sort menu order" not in html


def test_page_editor_is_vietnamese_and_names_the_workflow_in_vietnamese(client, editor, home):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content.decode()

    assert "Lưu bản nháp" in html
    assert "Save draft" not in html
    assert "Gửi duyệt (Duyệt nội dung)" in html
    assert "Moderators approval" not in html
    assert "Quảng bá" in html


def test_editor_javascript_strings_are_vietnamese(client, editor):
    client.force_login(editor)
    catalog = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()

    # The catalogue is JavaScript holding a JSON object, so non-ASCII characters arrive escaped.
    assert '"Collapse all": ' + json.dumps("Thu gọn tất cả") in catalog
    assert '"Expand all": ' + json.dumps("Mở rộng tất cả") in catalog


def test_placeholders_survive_translation():
    with translation.override("vi"):
        assert (
            translation.gettext("Page '%(page_title)s' has been submitted for moderation.")
            % {"page_title": "Cấp giấy khai sinh"}
            == "Trang 'Cấp giấy khai sinh' đã được gửi duyệt."
        )
        assert translation.ngettext("Delete 1 page", "Delete %(counter)s pages", 3) % {"counter": 3} == "Xóa 3 trang"


def test_default_workflow_and_task_carry_vietnamese_names(db):
    assert Workflow.objects.filter(name="Duyệt nội dung", active=True).exists()
    assert Task.objects.filter(name="Người kiểm duyệt phê duyệt").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()


def test_admin_shows_no_gravatar(admin_client, home):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "gravatar.com" not in html


def test_workflow_rename_reverses_and_leaves_names_chosen_by_the_commune(db):
    migration = importlib.import_module("cms.migrations.0003_vietnamese_workflow_names")
    own = Workflow.objects.create(name="Lãnh đạo xã duyệt", active=True)

    migration.to_english(apps, None)
    assert Workflow.objects.filter(name="Moderators approval").exists()
    assert Task.objects.filter(name="Moderators approval").exists()

    migration.to_vietnamese(apps, None)
    migration.to_vietnamese(apps, None)
    assert Workflow.objects.filter(name="Duyệt nội dung").count() == 1
    assert Task.objects.filter(name="Người kiểm duyệt phê duyệt").count() == 1
    own.refresh_from_db()
    assert own.name == "Lãnh đạo xã duyệt"


def test_empty_back_office_list_is_vietnamese(admin_client, home):
    # A new commune's officer (issue #17) opens "Hồ sơ" before any dossier: wagtail_modeladmin's
    # empty-list sentence has no Vietnamese of its own, and showed "No hồ sơ have been created yet.".
    html = admin_client.get("/admin/forms/dossier/").content.decode()

    assert "Chưa có hồ sơ nào." in html
    assert "have been created yet" not in html


def test_page_search_without_results_is_vietnamese(admin_client, home):
    # A commune's editor (issue #17) searching for a shared procedure finds none of its own pages.
    html = admin_client.get("/admin/pages/search/", {"q": "khong-co-trang-nao"}).content.decode()

    assert "Không có trang nào khớp với <em>khong-co-trang-nao</em>" in html
    assert "Sorry" not in html
