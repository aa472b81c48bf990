"""Every admin view the demo accounts open, and every workflow e-mail, is free of English text.

The walk logs in as each demo account (editor, leader, officer, administrator), follows the admin
links it is shown from the dashboard, and adds the views a link does not reach directly: the
add and edit forms of every page type and snippet, the choosers, search, reports. Each page's
text and spoken attributes go through ``tests.portal.english``; a Wagtail upgrade that brings
back an English string fails here with the view and the text.
"""

from __future__ import annotations

import re
import time
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.test import Client

from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from cms.demo import run_demo
from cms.models import ArticlePage
from tests.portal.english import english_texts, is_english

ACCOUNTS = {
    "bientap": "demo-bientap-2026",
    "lanhdao": "demo-lanhdao-2026",
    "canbo": "demo-canbo-2026",
    "quantri": "demo-quantri-2026",
}
# Links not to follow: they log out, download files, or show the public site.
SKIPPED = re.compile(
    r"logout|/delete/|/unpublish/|export|download|\.csv|\.xlsx|/preview/|/view_draft/|/documents/\d+/[^/]+$"
    r"|/serve/|/tai-lieu/|/ho-so/\d+/tep/|/usage/\d+/|/history/.*\?|/multiple/|/images/\d+/generate_url/"
)
MAX_VIEWS_PER_ACCOUNT = 260
HREF = re.compile(r'href="(/admin/[^"#]*)"')


def _shape(url: str) -> str:
    """A URL with its numbers and query values blurred, so one list of 50 rows is walked once."""
    path, _, query = url.partition("?")
    path = re.sub(r"/\d+/", "/N/", path)
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return path + "?" + "&".join(keys)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo content, with one article the editor has sent to the leader for approval."""
    with django_db_blocker.unblock(), transaction.atomic():
        run_demo()
        editor = get_user_model().objects.get(username="bientap")
        article = ArticlePage.objects.live().order_by("pk").last()
        article.save_revision(user=editor)
        article.get_workflow().start(article, editor)
        yield
        transaction.set_rollback(True)


def _seed_urls() -> list[str]:
    """Views a dashboard link does not lead to in one step: each page type's forms, choosers, search."""
    urls = [
        "/admin/",
        "/admin/pages/",
        "/admin/pages/search/?q=khai+sinh",
        "/admin/account/",
        "/admin/reports/locked/",
        "/admin/reports/aging-pages/",
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/page-types-usage/",
        "/admin/choose-page/",
        "/admin/choose-page/search/?q=khai",
        "/admin/images/chooser/",
        "/admin/documents/chooser/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/redirects/",
        "/admin/sites/",
        "/admin/collections/",
    ]
    seen_types = set()
    for page in Page.objects.filter(depth__gt=1).specific().order_by("path"):
        kind = type(page)
        urls.append(f"/admin/pages/{page.pk}/")
        if kind in seen_types:
            continue
        seen_types.add(kind)
        urls += [
            f"/admin/pages/{page.pk}/edit/",
            f"/admin/pages/{page.pk}/history/",
            f"/admin/pages/{page.pk}/usage/",
            f"/admin/pages/{page.pk}/revisions/",
            f"/admin/pages/{page.pk}/copy/",
            f"/admin/pages/{page.pk}/move/",
        ]
        for subtype in kind.creatable_subpage_models():
            urls.append(f"/admin/pages/add/{subtype._meta.app_label}/{subtype._meta.model_name}/{page.pk}/")
    for model in get_snippet_models():
        base = f"/admin/snippets/{model._meta.app_label}/{model._meta.model_name}/"
        urls += [base, base + "add/", f"/admin/snippets/choose/{model._meta.app_label}/{model._meta.model_name}/"]
        first = model.objects.first()
        if first is not None:
            urls.append(f"{base}edit/{first.pk}/")
    return urls


def _walk(client: Client) -> tuple[dict[str, list[str]], int]:
    """Visit the seeds and the admin links found on the way; return English texts by URL."""
    found: dict[str, list[str]] = {}
    queue = deque(_seed_urls())
    shapes: set[str] = set()
    visited = 0
    while queue and visited < MAX_VIEWS_PER_ACCOUNT:
        url = urldefrag(queue.popleft())[0].replace("&amp;", "&")
        if SKIPPED.search(url) or _shape(url) in shapes:
            continue
        shapes.add(_shape(url))
        response = client.get(url)
        visited += 1
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or "html" not in content_type and "json" not in content_type:
            continue
        html = response.content.decode()
        if "json" in content_type:
            # Choosers answer in JSON holding their HTML.
            html = response.json().get("html", "") or ""
        english = english_texts(html)
        if english:
            found[url] = sorted(set(english))
        queue.extend(href for href in HREF.findall(html) if urlsplit(href).path.startswith("/admin/"))
    return found, visited


@pytest.mark.django_db
@pytest.mark.parametrize("username", list(ACCOUNTS))
def test_every_admin_view_a_demo_account_opens_is_vietnamese(demo, username):
    client = Client()
    assert client.login(username=username, password=ACCOUNTS[username])

    started = time.perf_counter()
    found, visited = _walk(client)

    print(f"{username}: {visited} views in {time.perf_counter() - started:.1f} s")
    assert visited > 10
    assert found == {}, "\n".join(f"{url}: {texts}" for url, texts in found.items())


@pytest.fixture
def moderation(demo, settings):
    """An article the editor submits to the "Duyệt nội dung" workflow, on the site's real address."""
    settings.WAGTAILADMIN_BASE_URL = "https://dichvucong.hamchinh.gov.vn"
    users = get_user_model().objects.in_bulk(["bientap", "lanhdao"], field_name="username")
    article = ArticlePage.objects.live().first()
    mail.outbox.clear()
    return users["bientap"], users["lanhdao"], article


def _submit(editor, page):
    page.title = page.title + " (cập nhật)"
    page.save_revision(user=editor)
    return page.get_workflow().start(page, editor)


def _assert_vietnamese_mail(messages):
    assert messages
    for message in messages:
        bodies = [message.body] + [content for content, mimetype in getattr(message, "alternatives", [])]
        assert not is_english(message.subject), message.subject
        for body in bodies:
            english = english_texts(body) if "<" in body else [line for line in body.splitlines() if is_english(line)]
            assert english == [], (message.subject, english)
        assert "https://dichvucong.hamchinh.gov.vn/admin/" in message.body
        assert "http://testserver" not in message.body


@pytest.mark.django_db
def test_workflow_submission_mail_is_vietnamese_and_links_to_the_real_site(moderation):
    editor, leader, article = moderation

    _submit(editor, article)

    to_leader = [m for m in mail.outbox if leader.email in m.to]
    assert to_leader, [m.to for m in mail.outbox]
    _assert_vietnamese_mail(mail.outbox)
    assert article.title in to_leader[0].subject


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["approve", "reject"])
def test_workflow_decision_mail_is_vietnamese(moderation, action):
    editor, leader, article = moderation
    workflow_state = _submit(editor, article)
    mail.outbox.clear()

    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, leader, action, comment="Sửa lại phần lệ phí.")

    to_editor = [m for m in mail.outbox if editor.email in m.to]
    assert to_editor, [(m.to, m.subject) for m in mail.outbox]
    _assert_vietnamese_mail(mail.outbox)


def test_login_page_placeholder_reads_naturally(client, db):
    html = client.get("/admin/login/").content.decode()

    assert 'placeholder="Tên đăng nhập của bạn"' in html
    assert "nhậpcủa" not in html
    assert english_texts(html) == []


def test_csrf_failure_page_is_vietnamese(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/admin/login/", {"username": "bientap", "password": "sai"})

    html = response.content.decode()
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in html
    assert english_texts(html) == []
