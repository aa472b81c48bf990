"""Reads of the dossier lifecycle: history, allowed moves, what is overdue or due soon.

Overdue (quá hạn) is one rule everywhere, the rule of ``Dossier.is_overdue`` for dossiers the
counter still owes a result: received, being processed, or waiting for the citizen's supplement
when the deadline had already passed on the day the request went out (a dossier late before the
pause stays late; Decree 61/2018/NĐ-CP). The deadline is the first appointment: an apology with a
new date (Mẫu 04) moves the appointment, not the deadline (``original_due_date``).
"""

from datetime import date

from django.db.models import DateField, F, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from forms.lifecycle.workdays import add_working_days
from forms.models import Dossier, DossierEvent, DossierStatus, PaymentStatus

# Statuses in which the counter still owes the citizen a result and the clock runs; a dossier
# waiting for the citizen's supplement is paused.
OPEN_STATUSES = (DossierStatus.RECEIVED, DossierStatus.PROCESSING)


DUE_SOON_WORKING_DAYS = 2


def dossier_timeline(*, dossier: Dossier) -> QuerySet[DossierEvent]:
    """History entries oldest first, with the files each one brought."""
    return dossier.events.prefetch_related("attachments").order_by("created_at", "pk")


def dossier_awaits_payment(dossier: Dossier) -> bool:
    """Whether ``dossier`` may not be processed yet: its procedure processes dossiers only once the
    fee is paid (``payment_before_processing``, Decree 42/2022/NĐ-CP) and it is not paid in full."""
    procedure = dossier.procedure
    if procedure is None or not procedure.payment_before_processing:
        return False
    return dossier.payment_status in (PaymentStatus.AWAITING, PaymentStatus.PARTIAL)


def dossier_allowed_transitions(*, dossier: Dossier) -> list[DossierStatus]:
    """The statuses an officer may move ``dossier`` to now (for back-office buttons)."""
    from forms.lifecycle.services import transition_allowed

    return [
        DossierStatus(status)
        for status in DossierStatus.values
        if transition_allowed(from_status=dossier.status, to_status=status, by_citizen=False)
    ]


def with_deadline(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Annotate ``deadline`` (the first appointment) and ``paused_day`` (local date of the pause)."""
    return queryset.annotate(
        deadline_day=Coalesce("original_due_date", "due_date", output_field=DateField()),
        paused_day=TruncDate("paused_at", tzinfo=timezone.get_current_timezone()),
    )


def overdue_condition(*, today: date) -> Q:
    """The overdue rule as a filter over a queryset annotated by ``with_deadline``."""
    running_late = Q(status__in=OPEN_STATUSES, deadline_day__lt=today)
    paused_late = Q(status=DossierStatus.SUPPLEMENT_REQUESTED, paused_day__gt=F("deadline_day"))
    return running_late | paused_late


def dossiers_overdue(queryset: QuerySet[Dossier], *, today: date) -> QuerySet[Dossier]:
    """Dossiers still owed a result whose deadline has passed (also while paused, if late before the pause)."""
    return with_deadline(queryset).filter(overdue_condition(today=today))


def dossiers_due_soon(queryset: QuerySet[Dossier], *, today: date) -> QuerySet[Dossier]:
    """Dossiers still being worked on that fall due today or within the next two working days."""
    last = add_working_days(today, DUE_SOON_WORKING_DAYS)
    return queryset.filter(status__in=OPEN_STATUSES, due_date__gte=today, due_date__lte=last)


def dossier_is_late(dossier: Dossier, *, today: date) -> bool:
    """Whether ``dossier`` belongs to ``dossiers_overdue`` (for marking rows without a query)."""
    deadline = dossier.deadline
    if deadline is None:
        return False
    if dossier.status in OPEN_STATUSES:
        return deadline < today
    if dossier.status == DossierStatus.SUPPLEMENT_REQUESTED and dossier.paused_at is not None:
        return timezone.localdate(dossier.paused_at) > deadline
    return False


# What an officer may do besides moving the status, as ``forms.lifecycle.services`` allows it
# (the back office offers only these; the services check again).
APOLOGY_STATUSES = (DossierStatus.RECEIVED, DossierStatus.PROCESSING, DossierStatus.SUPPLEMENT_REQUESTED)
RESULT_FILE_STATUSES = (DossierStatus.PROCESSING, DossierStatus.RESULT_READY)
POSTAL_ARRIVAL_STATUSES = (DossierStatus.AWAITING_RECEPTION, DossierStatus.COMPLETION_REQUESTED)


def dossier_awaits_postal_papers(dossier: Dossier) -> bool:
    """A dossier sent by post whose envelope has not been recorded yet (it cannot be received before)."""
    from forms.models import SubmissionChannel

    return (
        dossier.channel == SubmissionChannel.POST
        and dossier.status in POSTAL_ARRIVAL_STATUSES
        and not dossier.postal_item_code
    )
