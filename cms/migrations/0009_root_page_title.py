"""The tree's root page, which the page explorer shows as "Root", is called "Gốc".

Wagtail's first migration creates it with the English title; only that title is changed, so a
name the commune gave it is kept. Reversing restores "Root".
"""

from django.db import migrations


def _retitle(apps, old: str, new: str) -> None:
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=old).update(title=new, draft_title=new)


def forwards(apps, schema_editor):
    _retitle(apps, "Root", "Gốc")


def backwards(apps, schema_editor):
    _retitle(apps, "Gốc", "Root")


class Migration(migrations.Migration):
    dependencies = [("cms", "0008_page_verbose_names_plural")]

    operations = [migrations.RunPython(forwards, backwards)]
