"""The dossier panel on the Wagtail admin home: who sees it and what it says."""

import re
from datetime import date, timedelta

import pytest

from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone

from forms.backoffice.panels import DossierDashboardPanel, dossier_list_url
from forms.lifecycle.services import dossier_transition
from forms.models import DossierStatus
from forms.statistics.selectors import DossierOverview
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
S = DossierStatus
PANEL_ID = 'id="ho-so-mot-cua-section"'


def user_make(username: str, group: Group) -> User:
    user = User.objects.create_user(username=username, password="mat-khau-thu-nghiem", email=f"{username}@xa.vn")
    user.groups.add(group)
    return user


def officers_group() -> Group:
    # The back office's migration creates this group; give it what it needs either way.
    group, _ = Group.objects.get_or_create(name="Bộ phận Một cửa")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="forms", codename="view_dossier"),
    )
    return group


@pytest.fixture
def officer(db):
    return user_make("canbomotcua", officers_group())


@pytest.fixture
def editor(db):
    return user_make("bientapvien", Group.objects.get(name="Biên tập viên"))


def home_html(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def figure(html: str, label: str) -> str:
    """The number printed in bold before ``label`` in the panel."""
    panel = html[html.index(PANEL_ID) :]
    match = re.search(r"<strong>([^<]+)</strong>\s*" + re.escape(label), panel)
    assert match, label
    return match.group(1)


def test_officer_sees_the_panel_with_the_right_figures(client, home, officer):
    page = f.form_page_make()
    long_ago = timezone.now() - timedelta(days=40)
    f.dossier_make(page=page)
    f.dossier_make(page=page)
    overdue = f.dossier_make(page=page, received_at=long_ago)
    late = f.dossier_make(page=page, received_at=long_ago)
    on_time = f.dossier_make(page=page)
    for dossier in (late, on_time):
        dossier_transition(dossier=dossier, to_status=S.PROCESSING, actor=officer)
        dossier_transition(dossier=dossier, to_status=S.RESULT_READY, actor=officer)
    assert overdue.due_date < timezone.localdate()

    html = home_html(client, officer)
    assert PANEL_ID in html
    assert figure(html, "hồ sơ tiếp nhận trong tháng này") == "3"  # 40 days ago is always an earlier month
    assert figure(html, "hồ sơ đang giải quyết") == "3"
    assert figure(html, "hồ sơ quá hạn") == "1"
    assert figure(html, "giải quyết đúng hạn") == "50%"
    assert "(1/2 hồ sơ, 12 tháng gần nhất)" in html


def test_officer_without_resolved_dossiers_reads_a_sentence_not_a_rate(client, home, officer):
    html = home_html(client, officer)
    assert figure(html, "hồ sơ đang giải quyết") == "0"
    assert "Chưa có hồ sơ giải quyết xong trong 12 tháng gần nhất" in html
    assert "%</strong>" not in html[html.index(PANEL_ID) :]


def test_editor_without_the_counter_group_sees_nothing_of_dossiers(client, home, editor):
    f.dossier_make()
    html = home_html(client, editor)
    assert PANEL_ID not in html
    assert "hồ sơ quá hạn" not in html


def test_anonymous_user_is_sent_to_the_login_page(client, home):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_panel_links_to_the_dossier_list_when_the_back_office_is_there(client, home, officer):
    html = home_html(client, officer)
    panel = html[html.index(PANEL_ID) :]
    list_url = dossier_list_url()
    assert list_url is not None  # the back office's list is registered (forms.backoffice)
    assert f'href="{list_url}"' in panel
    assert f'href="{list_url}?thoi_han=qua-han"' in panel
    assert client.get(list_url).status_code == 200
    assert client.get(f"{list_url}?thoi_han=qua-han").status_code == 200
    assert f'href="{reverse("forms:statistics")}"' in panel


def test_rate_is_rounded_down_so_nearly_all_is_not_all():
    assert _overview(resolved=1000, on_time=996).on_time_percent == 99
    assert _overview(resolved=100, on_time=29).on_time_percent == 29  # 0.29 * 100 is 28.99… in floats
    assert _overview(resolved=0, on_time=0).on_time_percent is None


def test_without_the_back_office_the_panel_links_nowhere():
    context = DossierDashboardPanel(overview=_overview(resolved=1, on_time=1), list_url=None).get_context_data({})
    assert context["list_url"] is None and context["overdue_url"] is None


def _overview(*, resolved: int, on_time: int) -> DossierOverview:
    return DossierOverview(
        received_this_month=0,
        in_progress=0,
        overdue=0,
        resolved=resolved,
        resolved_on_time=on_time,
        period_start=date(2025, 1, 1),
        period_end=date(2026, 1, 1),
    )


def test_a_dossier_late_before_its_supplement_request_stays_overdue_on_the_panel(client, home, officer):
    page = f.form_page_make()
    long_ago = timezone.now() - timedelta(days=40)
    late = f.dossier_make(page=page, received_at=long_ago)
    in_time = f.dossier_make(page=page)
    waiting = f.dossier_make(page=page, received=False)  # not received: no deadline, not in progress
    for dossier in (late, in_time):
        dossier_transition(dossier=dossier, to_status=S.SUPPLEMENT_REQUESTED, actor=officer, note="Thiếu giấy tờ")
    assert waiting.due_date is None
    html = home_html(client, officer)
    assert figure(html, "hồ sơ quá hạn") == "1"
    assert figure(html, "hồ sơ đang giải quyết") == "2"
    list_url = dossier_list_url()
    if list_url:
        listing = client.get(f"{list_url}?thoi_han=qua-han").content.decode()
        assert late.code in listing and in_time.code not in listing and waiting.code not in listing
