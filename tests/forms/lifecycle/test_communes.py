"""The lifecycle per commune (issue #17): messages to the citizen speak for the dossier's commune and
link to its host; the retention period (Decree 13/2023/NĐ-CP) is that of the dossier's commune."""

from datetime import timedelta

import pytest

from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from accounts import sms
from cms.models import CommuneSettings
from forms.lifecycle.retention import dossier_retention_months, dossiers_past_retention, retention_apply
from forms.models import Dossier, DossierStatus
from tests import factories
from tests.forms import factories as f
from tests.forms.lifecycle.test_retention import closed, months_after

pytestmark = pytest.mark.django_db
S = DossierStatus


@pytest.fixture
def officer(db):
    return f.staff_make("canbo-xa", f.OFFICERS)


@pytest.fixture
def page(two_communes):
    settings = CommuneSettings.for_site(two_communes.b)
    settings.hotline, settings.address = "0252 3865 999", "Thôn Phú Cường, xã Hàm Thuận Bắc"
    settings.save()
    return f.form_page_make(procedure=two_communes.procedure)


def test_email_comes_from_the_dossiers_commune_and_links_to_its_host(
    two_communes, page, officer, settings, django_capture_on_commit_callbacks
):
    settings.DEFAULT_FROM_EMAIL = "Cổng dịch vụ công xã <no-reply@dichvucong.lamdong.gov.vn>"
    settings.FORMS_NOTIFIERS = ["forms.lifecycle.notifications.EmailNotifier"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dossier = f.dossier_make(page=page, site=two_communes.b, received=False)

    message = mail.outbox[0]
    assert message.from_email == "Cổng dịch vụ công Xã Hàm Thuận Bắc <no-reply@dichvucong.lamdong.gov.vn>"
    assert f"http://hamthuanbac.test/tra-cuu-ho-so/{dossier.access_token}/" in message.body
    assert message.body.rstrip().endswith(
        "Bộ phận Một cửa – Ủy ban nhân dân xã Hàm Thuận Bắc\n"
        "Địa chỉ: Thôn Phú Cường, xã Hàm Thuận Bắc\n"
        "Điện thoại: 0252 3865 999"
    )


def test_sms_names_the_dossiers_commune_and_links_to_its_host(
    two_communes, page, officer, settings, django_capture_on_commit_callbacks
):
    settings.FORMS_NOTIFIERS = ["forms.lifecycle.notifications.SmsNotifier"]
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dossier = f.dossier_make(page=page, site=two_communes.b, received=False, applicant=f.applicant_make(email=""))
    assert sms.outbox[0].body == (
        f"Đã gửi hồ sơ {dossier.code}, chờ tiếp nhận. Xem tại: "
        f"http://hamthuanbac.test/tra-cuu-ho-so/{dossier.access_token}/ (Ủy ban nhân dân xã Hàm Thuận Bắc)"
    )


def test_retention_follows_each_dossiers_commune(two_communes, page, officer):
    settings_b = CommuneSettings.for_site(two_communes.b)
    settings_b.retention_months = 24
    settings_b.save()
    cache.clear()  # settings are kept until content changes
    in_a = closed(page, officer)  # the default site: the built-in 60 months
    in_b = closed(page, officer)
    Dossier.objects.filter(pk=in_b.pk).update(site=two_communes.b)
    in_b.refresh_from_db()
    overridden = closed(f.form_page_make(procedure=factories.procedure_make(retention_months=12)), officer)
    Dossier.objects.filter(pk=overridden.pk).update(site=two_communes.b)
    overridden.refresh_from_db()
    now = timezone.now()

    assert [dossier_retention_months(dossier=d) for d in (in_a, in_b, overridden)] == [60, 24, 12]
    assert set(dossiers_past_retention(now=months_after(now, 12) + timedelta(days=1))) == {overridden}
    assert set(dossiers_past_retention(now=months_after(now, 24) + timedelta(days=1))) == {overridden, in_b}
    assert set(dossiers_past_retention(now=months_after(now, 60) + timedelta(days=1))) == {overridden, in_b, in_a}

    result = retention_apply(now=months_after(now, 24) + timedelta(days=1))
    assert result.dossiers == 2
    in_b.refresh_from_db()
    event = in_b.events.get(kind="anonymised")
    assert event.data["retention_months"] == 24
    in_a.refresh_from_db()
    assert in_a.anonymised_at is None
