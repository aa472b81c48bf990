"""Retention periods per commune and per procedure as ``retention_apply`` uses them (Decree
13/2023/NĐ-CP, issue #17): what each run records, its limit, and dossiers without a commune."""

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from django.core.cache import cache
from django.utils import timezone

from wagtail.models import Site

from cms.models import CommuneSettings
from forms.lifecycle.retention import (
    commune_retention_months,
    default_retention_months,
    dossier_anonymise,
    dossier_retention_months,
    dossiers_past_retention,
    retention_apply,
    with_closed_at,
)
from forms.models import Dossier, DossierEvent, DossierStatus, EventKind
from tests import factories
from tests.forms import factories as f
from tests.forms.lifecycle.test_retention import closed, months_after

pytestmark = pytest.mark.django_db
S = DossierStatus
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def officer(db):
    return f.staff_make("canbo-luutru", f.OFFICERS)


@pytest.fixture
def page(home):
    return f.form_page_make(procedure=factories.procedure_make(sector=factories.sector_make("Hộ tịch")))


def period_set(site, months):
    commune = CommuneSettings.for_site(site)
    commune.retention_months = months
    commune.save()
    cache.clear()


def anonymised_entry(dossier):
    return dossier.events.get(kind=EventKind.ANONYMISED)


def test_each_commune_states_its_own_period(two_communes):
    period_set(two_communes.a, 36)
    period_set(two_communes.b, 24)
    assert default_retention_months() == 36
    assert commune_retention_months() == {None: 36, two_communes.a.pk: 36, two_communes.b.pk: 24}


def test_without_a_default_site_the_built_in_five_years_apply(two_communes):
    period_set(two_communes.a, 36)
    period_set(two_communes.b, 24)
    Site.objects.update(is_default_site=False)
    assert default_retention_months() == 60
    assert commune_retention_months() == {None: 60, two_communes.a.pk: 36, two_communes.b.pk: 24}


def test_a_dossier_without_a_commune_keeps_the_default_sites_period(page, officer):
    period_set(Site.objects.get(is_default_site=True), 24)
    dossier = closed(page, officer)
    Dossier.objects.filter(pk=dossier.pk).update(site=None)
    now = timezone.now()
    assert list(dossiers_past_retention(now=months_after(now, 24) - timedelta(days=1))) == []
    assert list(dossiers_past_retention(now=months_after(now, 24) + timedelta(days=1))) == [dossier]


def test_retention_apply_records_the_period_each_dossier_kept(page, officer, caplog):
    period_set(Site.objects.get(is_default_site=True), 24)
    short = f.form_page_make(procedure=factories.procedure_make(retention_months=12))
    by_commune = closed(page, officer)
    by_procedure = closed(short, officer)
    with caplog.at_level(logging.INFO, logger="forms.lifecycle.retention"):
        result = retention_apply(now=months_after(timezone.now(), 25))
    assert (result.dossiers, result.files) == (2, 6)  # each: two submitted papers and the result
    assert [r.getMessage() for r in caplog.records if r.name == "forms.lifecycle.retention"] == [
        "Đã xóa dữ liệu cá nhân của 2 hồ sơ hết thời hạn lưu trữ (6 tệp)"
    ]
    assert anonymised_entry(by_commune).data == {"attachments_deleted": 3, "retention_months": 24}
    assert anonymised_entry(by_procedure).data == {"attachments_deleted": 3, "retention_months": 12}
    assert anonymised_entry(by_procedure).note == (
        "Hết thời hạn lưu trữ 12 tháng (Nghị định 13/2023/NĐ-CP): đã xóa 3 tệp "
        "và thông tin cá nhân của người nộp; số liệu thống kê được giữ."
    )


def test_a_limit_anonymises_that_many_dossiers_per_run(page, officer):
    dossiers = [closed(page, officer, how=S.REFUSED) for _ in range(3)]
    later = months_after(timezone.now(), 61)
    assert retention_apply(now=later, limit=2).dossiers == 2
    assert Dossier.objects.filter(anonymised_at=later).count() == 2
    assert retention_apply(now=later, limit=2).dossiers == 1
    assert Dossier.objects.filter(pk__in=[d.pk for d in dossiers], anonymised_at=later).count() == 3
    assert retention_apply(now=later) == retention_apply(now=later, limit=5)  # nothing left: 0 and 0


def test_nothing_due_is_an_empty_run(page, officer, caplog):
    closed(page, officer)
    with caplog.at_level(logging.INFO, logger="forms.lifecycle.retention"):
        result = retention_apply(now=timezone.now())
    assert (result.dossiers, result.files) == (0, 0)
    assert [r for r in caplog.records if r.name == "forms.lifecycle.retention"] == []


def test_anonymising_by_hand_without_a_period_says_so(page, officer):
    dossier = closed(page, officer, how=S.REFUSED)  # two submitted papers, no result
    at = timezone.now()
    event = dossier_anonymise(dossier=dossier, now=at)
    assert event.note == "Đã xóa 2 tệp và thông tin cá nhân của người nộp (Nghị định 13/2023/NĐ-CP)."
    assert event.data == {"attachments_deleted": 2, "retention_months": None}
    assert (event.kind, event.from_status, event.to_status) == (EventKind.ANONYMISED, S.REFUSED, S.REFUSED)
    assert event.created_at == at
    # The object the caller holds is updated too.
    assert (dossier.applicant_name, dossier.applicant_id_number, dossier.applicant_phone) == (
        "(đã xóa thông tin cá nhân)",
        "",
        "",
    )
    assert (dossier.applicant_email, dossier.anonymised_at) == ("", at)
    stored = Dossier.objects.get(pk=dossier.pk)
    assert (stored.anonymised_at, stored.owner_id, stored.applicant_name) == (at, None, "(đã xóa thông tin cá nhân)")


def test_a_dossiers_period_is_looked_up_when_the_caller_has_none_at_hand(two_communes, page, officer):
    period_set(two_communes.a, 36)
    period_set(two_communes.b, 24)
    short = f.form_page_make(procedure=factories.procedure_make(retention_months=12))
    in_a = closed(page, officer)
    in_b = closed(page, officer)
    Dossier.objects.filter(pk=in_b.pk).update(site=two_communes.b)
    in_b.refresh_from_db()
    by_procedure = closed(short, officer)
    without_site = closed(page, officer)
    Dossier.objects.filter(pk=without_site.pk).update(site=None)
    without_site.refresh_from_db()
    assert dossier_retention_months(dossier=in_a) == 36
    assert dossier_retention_months(dossier=in_b) == 24
    assert dossier_retention_months(dossier=by_procedure) == 12
    assert dossier_retention_months(dossier=without_site) == 36


# When a dossier closed (the period runs from there)

T = datetime(2026, 6, 1, 9, 0, tzinfo=VN)


def closed_at(dossier):
    return with_closed_at(Dossier.objects.filter(pk=dossier.pk)).get().closed_at


def test_closed_at_is_the_latest_status_entry_that_reached_the_closed_status(page, officer):
    dossier = closed(page, officer, at=T)
    DossierEvent.objects.create(
        dossier=dossier,
        kind=EventKind.STATUS,
        from_status=S.PROCESSING,
        to_status=S.RETURNED,
        created_at=T - timedelta(days=10),
    )
    # Later entries that are not a move to the closed status do not count.
    DossierEvent.objects.create(
        dossier=dossier,
        kind=EventKind.CORRECTION,
        from_status=S.RETURNED,
        to_status=S.RETURNED,
        created_at=T + timedelta(days=30),
    )
    DossierEvent.objects.create(
        dossier=dossier,
        kind=EventKind.STATUS,
        from_status=S.RETURNED,
        to_status=S.RESULT_READY,
        created_at=T + timedelta(days=40),
    )
    Dossier.objects.filter(pk=dossier.pk).update(
        returned_at=T + timedelta(days=50), completed_at=T + timedelta(days=50), updated_at=T + timedelta(days=50)
    )
    assert closed_at(dossier) == T


def test_without_a_history_closed_at_is_the_return_then_the_decision_then_the_last_change(page, officer):
    dossier = closed(page, officer, at=T)
    dossier.events.all().delete()
    Dossier.objects.filter(pk=dossier.pk).update(
        returned_at=T + timedelta(days=1), completed_at=T + timedelta(days=2), updated_at=T + timedelta(days=3)
    )
    assert closed_at(dossier) == T + timedelta(days=1)
    Dossier.objects.filter(pk=dossier.pk).update(returned_at=None)
    assert closed_at(dossier) == T + timedelta(days=2)
    Dossier.objects.filter(pk=dossier.pk).update(completed_at=None)
    assert closed_at(dossier) == T + timedelta(days=3)


def test_each_commune_counts_its_own_period_to_the_second(two_communes, page, officer):
    in_a = closed(page, officer, at=T)
    in_b = closed(page, officer, at=T)
    without_site = closed(page, officer, at=T)
    Dossier.objects.filter(pk=in_b.pk).update(site=two_communes.b)
    Dossier.objects.filter(pk=without_site.pk).update(site=None)
    assert in_a.site_id == two_communes.a.pk  # the default site, whose period those without a commune keep

    def due(now):
        return list(dossiers_past_retention(now=now))

    # The default commune keeps 12 months, b 36: the default's period does not reach b's dossier.
    period_set(two_communes.a, 12)
    period_set(two_communes.b, 36)
    assert due(datetime(2027, 6, 1, 9, 0, tzinfo=VN)) == []
    assert due(datetime(2027, 6, 1, 9, 0, 1, tzinfo=VN)) == [in_a, without_site]
    assert due(datetime(2029, 6, 1, 9, 0, tzinfo=VN)) == [in_a, without_site]
    assert due(datetime(2029, 6, 1, 9, 0, 1, tzinfo=VN)) == [in_a, in_b, without_site]
    # The other way round: b's 12 months reach neither the default commune's nor those without one.
    period_set(two_communes.a, 36)
    period_set(two_communes.b, 12)
    assert due(datetime(2027, 6, 1, 9, 0, tzinfo=VN)) == []
    assert due(datetime(2027, 6, 1, 9, 0, 1, tzinfo=VN)) == [in_b]
    assert due(datetime(2029, 6, 1, 9, 0, tzinfo=VN)) == [in_b]
    assert due(datetime(2029, 6, 1, 9, 0, 1, tzinfo=VN)) == [in_a, in_b, without_site]
