"""When a dossier first got an electronic result file; filled from the result files stored so far.

The statistics' "returned online" (Decision 766/QĐ-TTg) reads this field, which stays after the
retention period deletes the files (Decree 13/2023/NĐ-CP).
"""

from django.db import migrations, models
from django.db.models import Min


def electronic_results_fill(apps, schema_editor):
    Dossier = apps.get_model("forms", "Dossier")
    DossierAttachment = apps.get_model("forms", "DossierAttachment")
    first_results = (
        DossierAttachment.objects.filter(kind="result", dossier__electronic_result_at__isnull=True)
        .values("dossier_id")
        .annotate(first=Min("created_at"))
        .order_by()
    )
    for row in first_results.iterator():
        Dossier.objects.filter(pk=row["dossier_id"]).update(electronic_result_at=row["first"])


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0014_attachment_sha256"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="electronic_result_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="ngày có kết quả điện tử"),
        ),
        migrations.RunPython(electronic_results_fill, migrations.RunPython.noop),
    ]
