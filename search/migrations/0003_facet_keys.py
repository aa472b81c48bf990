"""Facet keys on each entry, and (SQLite) in the FTS5 table as an unindexed first column.

Reading them from the FTS table avoids a join per match when counting facets. Existing FTS
rows are copied over; their facet keys fill in at the next publish or rebuild_procedure_index.
"""

from django.db import migrations, models

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_procedure_fts_new USING fts5("
    "facet_keys UNINDEXED, title, code, sector, body, tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    "INSERT INTO search_procedure_fts_new (rowid, facet_keys, title, code, sector, body) "
    "SELECT rowid, '', title, code, sector, body FROM search_procedure_fts",
    "DROP TABLE search_procedure_fts",
    "ALTER TABLE search_procedure_fts_new RENAME TO search_procedure_fts",
]
SQLITE_BACKWARD = [
    "CREATE VIRTUAL TABLE search_procedure_fts_old USING fts5("
    "title, code, sector, body, tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    "INSERT INTO search_procedure_fts_old (rowid, title, code, sector, body) "
    "SELECT rowid, title, code, sector, body FROM search_procedure_fts",
    "DROP TABLE search_procedure_fts",
    "ALTER TABLE search_procedure_fts_old RENAME TO search_procedure_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.AddField(
            model_name="procedureindexentry",
            name="facet_keys",
            field=models.TextField(blank=True, verbose_name="giá trị lọc"),
        ),
        migrations.RunPython(_run(SQLITE_FORWARD), _run(SQLITE_BACKWARD)),
    ]
