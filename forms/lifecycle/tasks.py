"""Background tasks of the dossier lifecycle, run by Django's task framework (django-tasks).

They go to the "background" backend: django-tasks-db's database queue, worked through by
``manage.py db_worker --backend background`` (``make run`` starts it beside the server); the test
settings run them immediately.
"""

from django_tasks import task

from django.utils import timezone

from forms.lifecycle.notifications import notification_send
from forms.models import NotificationStatus


@task(backend="background")
def notification_send_task(notification_id: int) -> str:
    """Try to send one message to a citizen; re-enqueue itself after a failure, with back-off.

    The queue's own retry is not used: django-tasks has none, and the wait must grow (a mail
    server that is down for an hour should not be hammered every second). A backend that cannot
    defer (the immediate one of the tests) runs the next try at once.
    """
    from forms.models import DossierNotification

    status = notification_send(notification_id=notification_id)
    if status == NotificationStatus.PENDING:
        run_after = DossierNotification.objects.values_list("next_attempt_at", flat=True).get(pk=notification_id)
        again = notification_send_task
        if again.get_backend().supports_defer and run_after and run_after > timezone.now():
            again = again.using(run_after=run_after)
        again.enqueue(notification_id=notification_id)
    return status
