"""Dossier.search_text: the applicant's name and the procedure's title folded, for the officers'
search without a fold of every row in Python (issue #17); existing dossiers are filled in."""

from django.db import migrations, models

BATCH = 2000


def fill(apps, schema_editor):
    from search.analysis import fold

    Dossier = apps.get_model("forms", "Dossier")
    rows = Dossier.objects.order_by("pk").values_list("pk", "applicant_name", "procedure_title")
    batch = []
    for pk, name, title in rows.iterator(chunk_size=BATCH):
        batch.append(Dossier(pk=pk, search_text=f"{fold(name or '')}\n{fold(title or '')}"))
        if len(batch) == BATCH:
            Dossier.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Dossier.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0020_draft_site"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="chuỗi tìm kiếm"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
