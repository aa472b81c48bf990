"""The editors and moderators keep their commune's "Thủ tục tại xã" rows (issue #17).

``cms.roles`` now lists add/change/delete/view of ``cms.LocalProcedure`` for both roles; this gives
them to the groups that exist already: the default commune's "Biên tập viên" and "Người kiểm
duyệt" (the template groups ``commune_add`` copies) and every commune's "Biên tập viên – …" and
"Người kiểm duyệt – …". The snippet's permission policy keeps each group to its own commune's rows.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

# cms.roles.EDITORS and MODERATORS, written out: migrations stay as they were.
ROLES = ("Biên tập viên", "Người kiểm duyệt")
CODENAMES = ("add_localprocedure", "change_localprocedure", "delete_localprocedure", "view_localprocedure")


def _groups(apps):
    query = Q()
    for role in ROLES:
        query |= Q(name=role) | Q(name__startswith=f"{role} – ")
    return apps.get_model("auth", "Group").objects.filter(query)


def _permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(content_type__app_label="cms", codename__in=CODENAMES)


def give_local_procedure_permissions(apps, schema_editor):
    # Permissions are created after all migrations on a new database; the groups need them now.
    app_config = apps.get_app_config("cms")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    permissions = list(_permissions(apps))
    for group in _groups(apps):
        group.permissions.add(*permissions)


def take_local_procedure_permissions(apps, schema_editor):
    permissions = list(_permissions(apps))
    for group in _groups(apps):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0017_local_procedure_agency"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(give_local_procedure_permissions, take_local_procedure_permissions)]
