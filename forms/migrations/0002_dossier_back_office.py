"""Back office: the permission to export ID numbers, and the groups that process dossiers.

"Bộ phận Một cửa" (officers) may open the admin, list and view dossiers and act on them (change);
"Lãnh đạo Bộ phận Một cửa" (the leader who signs off statistics) may also export the applicants'
ID numbers. Existing groups of the same name (the demo creates the first) only gain permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICERS = "Bộ phận Một cửa"
LEADERS = "Lãnh đạo Bộ phận Một cửa"
OFFICER_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("forms", "view_dossier"),
    ("forms", "change_dossier"),
]
LEADER_PERMISSIONS = [*OFFICER_PERMISSIONS, ("forms", "export_personal_id")]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make this app's exist now.
    forms_config = apps.get_app_config("forms")
    # create_permissions skips an app config without models_module, which migration state stubs lack.
    models_module = getattr(forms_config, "models_module", None)
    forms_config.models_module = models_module or True
    create_permissions(forms_config, apps=apps, verbosity=0)
    forms_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ((OFFICERS, OFFICER_PERMISSIONS), (LEADERS, LEADER_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_leader_group(apps, schema_editor):
    # The officers' group may predate this migration (demo accounts); only the leader group is ours alone.
    apps.get_model("auth", "Group").objects.filter(name=LEADERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="dossier",
            options={
                "ordering": ["due_date", "pk"],
                "permissions": [("export_personal_id", "Xuất số định danh cá nhân (CCCD) trong danh sách hồ sơ")],
                "verbose_name": "hồ sơ",
                "verbose_name_plural": "hồ sơ",
            },
        ),
        migrations.RunPython(create_groups, remove_leader_group),
    ]
