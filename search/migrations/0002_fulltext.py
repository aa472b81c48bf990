"""The full-text structure beside the index rows: FTS5 on SQLite, tsvector + GIN on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = [
    # rowid is the page id. Text is already folded by search.analysis, so unicode61 only splits.
    "CREATE VIRTUAL TABLE search_procedure_fts USING fts5("
    "title, code, sector, body, tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_procedure_fts"]
POSTGRES_FORWARD = [
    "ALTER TABLE search_procedureindexentry ADD COLUMN document tsvector",
    "CREATE INDEX search_procedure_document ON search_procedureindexentry USING GIN (document)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_procedure_document",
    "ALTER TABLE search_procedureindexentry DROP COLUMN IF EXISTS document",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_procedure_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
