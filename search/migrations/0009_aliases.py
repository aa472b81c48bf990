"""The procedures' everyday phrases (search.aliases, issue #14) beside their titles.

``aliases_folded`` on the entry (what the ranking reads); on SQLite an ``aliases`` column in
``search_procedure_heading`` (scored by bm25 below the title), whose table is
recreated with its rows copied; on PostgreSQL the phrases go into the ``document`` and ``heading``
vectors with weight C, which needs no schema change. Rows indexed before this migration have no
phrases: run ``manage.py rebuild_procedure_index``.
"""

from django.db import migrations, models

TOKENIZE = "tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\""
HEADING = "search_procedure_heading"


def _heading(columns: str, copied: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for sql in [
            f"CREATE VIRTUAL TABLE {HEADING}_new USING fts5({columns}, {TOKENIZE}, prefix='2 3')",
            f"INSERT INTO {HEADING}_new (rowid, {copied}) SELECT rowid, {copied} FROM {HEADING}",
            f"DROP TABLE {HEADING}",
            f"ALTER TABLE {HEADING}_new RENAME TO {HEADING}",
        ]:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0008_postgres_word_pairs")]

    operations = [
        migrations.AddField(
            model_name="procedureindexentry",
            name="aliases_folded",
            field=models.TextField(blank=True, default="", verbose_name="tên gọi thường ngày đã chuẩn hóa"),
        ),
        migrations.RunPython(
            _heading("title, code, sector, aliases", "title, code, sector"),
            _heading("title, code, sector", "title, code, sector"),
        ),
    ]
