"""Keeping citizens' personal data no longer than needed (Decree 13/2023/NĐ-CP on personal data protection).

The decree asks for a stated purpose and a stated period. The period is that of the
commune the dossier belongs to (its ``Dossier.site``'s ``CommuneSettings.retention_months``, issue
#17: each commune states its own) unless a procedure sets its own
(``ProcedurePage.retention_months``); it runs from the day the dossier closed: the result handed
over ("Đã trả kết quả"), refused ("Từ chối giải quyết") or refused at reception ("Từ chối tiếp
nhận", Mẫu 03). When it has passed, ``dossier_anonymise`` deletes the dossier's files (submitted,
supplements and results) and blanks its personal fields, and writes one history entry.

What the statistics count stays untouched (status, procedure and sector, channel, dates of
submission, reception, decision and return, deadlines), so the public figures do not change.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import DateTimeField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.models import ModelLogEntry, Site

from cms.models import CommuneSettings, ProcedurePage
from cms.models.settings import DEFAULT_RETENTION_MONTHS
from forms.files.services import attachment_files_delete
from forms.models import CLOSED_STATUSES, Dossier, DossierEvent, DossierNotification, DossierRating, EventKind

logger = logging.getLogger(__name__)

ERASED = "(đã xóa)"
ANONYMISED_NAME = "(đã xóa thông tin cá nhân)"
SYSTEM_LABEL = "Hệ thống (hết thời hạn lưu trữ)"
# Audit-log details kept as they are: references and statuses. Every other key (a note, a
# corrected field's old and new value …) keeps its name and loses its value: it may be personal.
_LOG_KEPT_KEYS = frozenset({"event", "from_status", "to_status", "old_due_date", "new_due_date", "postal_item_code"})


def months_before(moment: datetime, months: int) -> datetime:
    """``moment`` moved back by whole calendar months; the 31st becomes the month's last day."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    days_in_month = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30,
                     31, 30, 31][month - 1]  # fmt: skip
    return moment.replace(year=year, month=month, day=min(moment.day, days_in_month))


def default_retention_months() -> int:
    """The default site's period (dossiers without a commune), or the built-in five years without a site."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return DEFAULT_RETENTION_MONTHS
    return CommuneSettings.for_site(site).retention_months


def commune_retention_months() -> dict[int | None, int]:
    """Each commune's period by Site id; the key None (dossiers without a site) has the default site's."""
    months: dict[int | None, int] = {None: default_retention_months()}
    for site in Site.objects.all():
        months[site.pk] = CommuneSettings.for_site(site).retention_months
    return months


def dossier_retention_months(
    *, dossier: Dossier, overrides: dict[int, int] | None = None, communes: dict[int | None, int] | None = None
) -> int:
    """The period of ``dossier``: its procedure's when set, else its commune's (the default site's without one)."""
    if overrides is None:
        overrides = dict(
            ProcedurePage.objects.filter(retention_months__isnull=False).values_list("pk", "retention_months")
        )
    if dossier.procedure_id in overrides:
        return overrides[dossier.procedure_id]
    communes = communes if communes is not None else commune_retention_months()
    return communes.get(dossier.site_id, communes[None])


def with_closed_at(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Annotate ``closed_at``: when the dossier reached its closed status.

    The last status entry of the history that moved it there; for dossiers without one (imported
    or made by hand) the return or decision date, then the last change.
    """
    last_close = (
        DossierEvent.objects.filter(dossier=OuterRef("pk"), kind=EventKind.STATUS, to_status=OuterRef("status"))
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return queryset.annotate(
        closed_at=Coalesce(
            Subquery(last_close, output_field=DateTimeField()),
            "returned_at",
            "completed_at",
            "updated_at",
            output_field=DateTimeField(),
        )
    )


def dossiers_past_retention(*, now: datetime | None = None) -> QuerySet[Dossier]:
    """Closed dossiers not yet anonymised whose period (the procedure's, else their commune's) has passed."""
    now = now or timezone.now()
    communes = commune_retention_months()
    candidates = with_closed_at(Dossier.objects.filter(status__in=CLOSED_STATUSES, anonymised_at__isnull=True))
    overrides = dict(ProcedurePage.objects.filter(retention_months__isnull=False).values_list("pk", "retention_months"))
    # One condition per distinct period: a handful of OR-ed terms, whatever the number of dossiers
    # or communes (most communes keep the same period).
    sites_by_months: dict[int, list[int]] = {}
    for site_id, months in communes.items():
        if site_id is not None:
            sites_by_months.setdefault(months, []).append(site_id)
    by_commune = Q(site__isnull=True, closed_at__lt=months_before(now, communes[None]))
    for months, site_ids in sites_by_months.items():
        by_commune |= Q(site_id__in=site_ids, closed_at__lt=months_before(now, months))
    condition = by_commune & ~Q(procedure_id__in=list(overrides))
    by_months: dict[int, list[int]] = {}
    for procedure_id, months in overrides.items():
        by_months.setdefault(months, []).append(procedure_id)
    for months, procedure_ids in by_months.items():
        condition |= Q(procedure_id__in=procedure_ids, closed_at__lt=months_before(now, months))
    return candidates.filter(condition).order_by("pk")


def _erase_snapshot(snapshot) -> list:
    # Keep what was asked (section titles and labels), drop what was answered.
    erased = []
    for section in snapshot if isinstance(snapshot, list) else []:
        if not isinstance(section, dict):
            continue
        rows = [[row[0], ERASED] for row in section.get("rows") or [] if isinstance(row, list | tuple) and row]
        erased.append({**section, "rows": rows})
    return erased


def _erase_log_data(data):
    if not isinstance(data, dict):
        return data
    return {key: (value if key in _LOG_KEPT_KEYS else "") for key, value in data.items()}


def dossier_anonymise(*, dossier: Dossier, months: int | None = None, now: datetime | None = None) -> DossierEvent:
    """Delete a closed dossier's files and blank its personal data, keeping what the statistics count.

    Removes every attachment (submitted, supplement, result) with its file, blanks the applicant's
    name, ID number, phone, e-mail, details, address and answers (the labels of what was asked
    stay), detaches the citizen account, clears free-text notes of the history and audit log
    (an officer may have named the citizen there) and the error text of messages, and records an
    ``EventKind.ANONYMISED`` entry. Files are deleted once the transaction commits. A dossier
    already anonymised is returned unchanged with its existing entry.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.anonymised_at is not None:
            existing = locked.events.filter(kind=EventKind.ANONYMISED).last()
            if existing is not None:
                return existing
        if not locked.is_closed:
            raise ValueError(f"Hồ sơ {locked.code} chưa kết thúc, không xóa dữ liệu cá nhân.")
        attachments = list(locked.attachments.all())
        locked.attachments.all().delete()
        locked.applicant_name = ANONYMISED_NAME
        locked.applicant_id_number = ""
        locked.applicant_phone = ""
        locked.applicant_email = ""
        locked.applicant = {}
        locked.answers = {}
        locked.snapshot = _erase_snapshot(locked.snapshot)
        locked.delivery_address = None
        locked.owner = None
        locked.anonymised_at = now
        locked.save()
        for event in locked.events.all():
            data = dict(event.data or {})
            data.pop("changes", None)
            if event.note or data != (event.data or {}):
                event.note = ""
                event.data = data
                event.save(update_fields=["note", "data"])
        content_type = ContentType.objects.get_for_model(Dossier)
        for entry in ModelLogEntry.objects.filter(content_type=content_type, object_id=str(locked.pk)):
            erased = _erase_log_data(entry.data)
            if erased != entry.data:
                entry.data = erased
                entry.save(update_fields=["data"])
        DossierNotification.objects.filter(dossier=locked).update(last_error="")
        # The citizen's comment on the service may name people; the score stays for the statistics.
        DossierRating.objects.filter(dossier=locked).update(comment="")
        event = DossierEvent.objects.create(
            dossier=locked,
            from_status=locked.status,
            to_status=locked.status,
            kind=EventKind.ANONYMISED,
            note=(
                f"Hết thời hạn lưu trữ {months} tháng (Nghị định 13/2023/NĐ-CP): đã xóa {len(attachments)} tệp "
                "và thông tin cá nhân của người nộp; số liệu thống kê được giữ."
                if months
                else f"Đã xóa {len(attachments)} tệp và thông tin cá nhân của người nộp (Nghị định 13/2023/NĐ-CP)."
            ),
            data={"attachments_deleted": len(attachments), "retention_months": months},
            actor_label=SYSTEM_LABEL,
            created_at=now,
        )
        transaction.on_commit(lambda: attachment_files_delete(attachments))
    for field in ("applicant_name", "applicant_id_number", "applicant_phone", "applicant_email", "anonymised_at"):
        setattr(dossier, field, getattr(locked, field))
    return event


@dataclass(frozen=True)
class RetentionResult:
    """What one run of ``retention_apply`` did."""

    dossiers: int
    files: int


def retention_apply(*, now: datetime | None = None, limit: int | None = None) -> RetentionResult:
    """Anonymise every closed dossier past its retention period; one transaction per dossier.

    Safe to run again (each dossier is done once) and to interrupt (what was done stays done).
    """
    now = now or timezone.now()
    communes = commune_retention_months()
    overrides = dict(ProcedurePage.objects.filter(retention_months__isnull=False).values_list("pk", "retention_months"))
    dossiers = files = 0
    queryset = dossiers_past_retention(now=now).only("pk", "procedure_id", "site_id")
    if limit is not None:
        queryset = queryset[:limit]
    for dossier in queryset:
        months = dossier_retention_months(dossier=dossier, overrides=overrides, communes=communes)
        event = dossier_anonymise(dossier=dossier, months=months, now=now)
        dossiers += 1
        files += event.data.get("attachments_deleted", 0)
    if dossiers:
        logger.info("Đã xóa dữ liệu cá nhân của %s hồ sơ hết thời hạn lưu trữ (%s tệp)", dossiers, files)
    return RetentionResult(dossiers=dossiers, files=files)
