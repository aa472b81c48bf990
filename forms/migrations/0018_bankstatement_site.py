"""Bank statements belong to a commune (issue #17): its lines are matched against that commune's
dossiers and only its officers see it. Statements imported before communes existed were of the
one commune there was: the default site."""

import django.db.models.deletion
from django.db import migrations, models


def statements_to_default_site(apps, schema_editor):
    site = apps.get_model("wagtailcore", "Site").objects.filter(is_default_site=True).first()
    if site is not None:
        apps.get_model("forms", "BankStatement").objects.filter(site__isnull=True).update(site=site)


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0017_dossier_site"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="bankstatement",
            name="site",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="bank_statements",
                to="wagtailcore.site",
                verbose_name="xã",
            ),
        ),
        migrations.RunPython(statements_to_default_site, migrations.RunPython.noop),
    ]
