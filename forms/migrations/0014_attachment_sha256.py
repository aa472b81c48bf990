"""SHA-256 of dossier files; filled here for the electronic results already stored.

Only result files (``kind="result"``) are hashed: they are the ones shown with their checksum. A
row whose file is missing from the storage keeps a blank checksum (nothing to show). Each file is
read in chunks, never whole.
"""

import hashlib

from django.db import migrations, models

CHUNK = 64 * 1024


def result_checksums_fill(apps, schema_editor):
    DossierAttachment = apps.get_model("forms", "DossierAttachment")
    rows = DossierAttachment.objects.filter(kind="result", sha256="").exclude(file="")
    for attachment in rows.iterator():
        storage = attachment.file.storage
        try:
            if not storage.exists(attachment.file.name):
                continue
            hasher = hashlib.sha256()
            with storage.open(attachment.file.name, "rb") as handle:
                while chunk := handle.read(CHUNK):
                    hasher.update(chunk)
        except OSError:
            continue
        DossierAttachment.objects.filter(pk=attachment.pk).update(sha256=hasher.hexdigest())


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0013_payments"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossierattachment",
            name="sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="mã kiểm tra SHA-256"),
        ),
        migrations.RunPython(result_checksums_fill, migrations.RunPython.noop),
    ]
