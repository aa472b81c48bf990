"""Background tasks of the cms app, run by Django's task framework (django-tasks, as Wagtail 8 uses).

They go to the "background" backend: the database backend of django-tasks-db, run by
``manage.py db_worker --backend background`` beside the web server (``make run`` starts both);
the test settings run them immediately.
"""

from django_tasks import task

from cms.services import catalogue_import_run


@task(backend="background")
def catalogue_import_task(run_id: int, dry_run: bool) -> None:
    """The dry run or the apply of one admin catalogue import (``cms.services.catalogue_import_run``)."""
    catalogue_import_run(run_id=run_id, dry_run=dry_run)
