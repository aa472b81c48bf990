"""Vietnamese names for Wagtail's "Editors" and "Moderators" groups, and the "Quản trị cổng" group.

Wagtail's own migrations create the two groups under English names, which editors then read in
the admin (account page, user list, workflow task). Only groups still carrying the English name
are renamed, and never onto a name already taken; reversing restores the English names.

"Quản trị cổng" (portal administrators) keeps the commune's settings (name, address, hotline,
opening hours, the account for fees), the staff accounts and the redirects, so that nobody needs
a superuser for daily work.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RENAMES = (("Editors", "Biên tập viên"), ("Moderators", "Người kiểm duyệt"))
ADMINISTRATORS = "Quản trị cổng"
ADMINISTRATOR_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("cms", "change_communesettings"),
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "delete_user"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
)


def _rename(apps, pairs) -> None:
    Group = apps.get_model("auth", "Group")
    for old, new in pairs:
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    _rename(apps, RENAMES)
    # Permissions are created after all migrations on a new database; the group needs them now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    for app_label, codename in ADMINISTRATOR_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            group.permissions.add(permission)


def backwards(apps, schema_editor):
    _rename(apps, [(new, old) for old, new in RENAMES])
    apps.get_model("auth", "Group").objects.filter(name=ADMINISTRATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_commune_bank_account"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
