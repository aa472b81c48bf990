"""SQLite: "_" becomes a token character so that indexed word pairs ("khai_tu") are one token.

Rows are copied as they are; run ``manage.py rebuild_procedure_index`` to add the word pairs
(until then phrases of two or more words only match through single words).
"""

from django.db import migrations

FTS_COLUMNS = "facet_keys UNINDEXED, title, code, sector, body"
COPY = "(rowid, facet_keys, title, code, sector, body) SELECT rowid, facet_keys, title, code, sector, body FROM"


def _recreate(tokenize: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for sql in [
            f"CREATE VIRTUAL TABLE search_procedure_fts_new USING fts5({FTS_COLUMNS}, tokenize=\"{tokenize}\", "
            "prefix='2 3')",
            f"INSERT INTO search_procedure_fts_new {COPY} search_procedure_fts",
            "DROP TABLE search_procedure_fts",
            "ALTER TABLE search_procedure_fts_new RENAME TO search_procedure_fts",
        ]:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_indexed_at_index")]

    operations = [
        migrations.RunPython(
            _recreate("unicode61 remove_diacritics 0 tokenchars '_'"), _recreate("unicode61 remove_diacritics 0")
        )
    ]
