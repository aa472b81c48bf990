"""The province's read-only group, "Cấp tỉnh (chỉ xem)" (issue #17).

Its members open the admin, see every commune's dossiers (``cms.view_all_communes`` with
``forms.view_dossier``), per-commune figures and the audit log of dossiers, and change nothing: no
``change_dossier`` (no action, no counter intake), no ``reconcile_payment``, no
``export_personal_id`` (its exports carry no ID numbers), no page or user permission. The group is
linked to no commune: ``cms.view_all_communes`` already gives it all of them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PROVINCE_GROUP = "Cấp tỉnh (chỉ xem)"  # cms.communes.PROVINCE_GROUP, written out: migrations stay as they were
PROVINCE_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("cms", "view_all_communes"),
    ("forms", "view_dossier"),
)


def create_province_group(apps, schema_editor):
    # Permissions are created after all migrations on a new database; the group needs them now.
    for label in ("wagtailadmin", "cms", "forms"):
        app_config = apps.get_app_config(label)
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=PROVINCE_GROUP)
    for app_label, codename in PROVINCE_PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_province_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=PROVINCE_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0018_bankstatement_site"),
        ("cms", "0015_communes"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_province_group, remove_province_group)]
