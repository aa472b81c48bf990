"""Reconciliation of fees (issue #13): the counter's groups may record payments and reconcile statements.

``forms.reconcile_payment`` (on ``Payment``, migration 0013) is given to "Bộ phận Một cửa" (the
officers who collect fees at the counter and reconcile the commune account's statements) and to
"Lãnh đạo Bộ phận Một cửa", who holds every officer permission. Editors and citizens never have it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Bộ phận Một cửa", "Lãnh đạo Bộ phận Một cửa")
PERMISSION = ("forms", "reconcile_payment")


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make this app's exist now.
    forms_config = apps.get_app_config("forms")
    models_module = getattr(forms_config, "models_module", None)
    forms_config.models_module = models_module or True
    create_permissions(forms_config, apps=apps, verbosity=0)
    forms_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = PERMISSION
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = PERMISSION
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if permission is not None:
        for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0015_dossier_electronic_result_at"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
