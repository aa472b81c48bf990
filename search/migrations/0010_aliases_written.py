"""The procedures' everyday phrases as written, beside the folded ones (issue #14).

The ranking compares a word the citizen typed with diacritics with the phrase's word as written
("tiêm" is no "tiệm"). It read the written phrases from ``search/data/aliases.tsv`` at query time
while the row held the folded ones; now both come from the same row. Rows indexed before this
migration have no written phrases and match by the folded ones until
``manage.py rebuild_procedure_index`` (or the next save of the procedure) writes them.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0009_aliases")]

    operations = [
        migrations.AddField(
            model_name="procedureindexentry",
            name="aliases",
            field=models.TextField(blank=True, default="", verbose_name="tên gọi thường ngày"),
        ),
    ]
