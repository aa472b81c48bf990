"""Vietnamese names for Wagtail's default moderation workflow and its task.

Wagtail's migration 0048 creates the workflow and its group approval task under the English name
"Moderators approval", which editors then read in Vietnamese buttons ("Gửi duyệt (Moderators
approval)"). Only objects still carrying that default name are renamed, so a name a commune
chose itself is kept; reversing restores the English default.
"""

from django.db import migrations

ENGLISH_DEFAULT = "Moderators approval"
WORKFLOW_NAME = "Duyệt nội dung"
TASK_NAME = "Người kiểm duyệt phê duyệt"


def _rename(apps, *, workflow_from: str, workflow_to: str, task_from: str, task_to: str) -> None:
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=workflow_from).update(name=workflow_to)
    apps.get_model("wagtailcore", "Task").objects.filter(name=task_from).update(name=task_to)


def to_vietnamese(apps, schema_editor):
    _rename(
        apps,
        workflow_from=ENGLISH_DEFAULT,
        workflow_to=WORKFLOW_NAME,
        task_from=ENGLISH_DEFAULT,
        task_to=TASK_NAME,
    )


def to_english(apps, schema_editor):
    _rename(
        apps,
        workflow_from=WORKFLOW_NAME,
        workflow_to=ENGLISH_DEFAULT,
        task_from=TASK_NAME,
        task_to=ENGLISH_DEFAULT,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_procedure_import_fields"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(to_vietnamese, to_english)]
