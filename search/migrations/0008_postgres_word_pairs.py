"""PostgreSQL: word pairs in ``document`` and a small ``heading`` vector with its own GIN index.

The same design as SQLite (migrations 0005 and 0007): ``document`` (every field, weighted A
title and code, B sector, D body) now holds the word pairs ("khai_tu") beside the words, so a
phrase matches through one posting list instead of ``<->`` re-checking positions in every row
that has both syllables; ``heading`` (title, code, sector) picks and ranks candidates without
reading bodies. Both are written by the backend as tsvector literals (the text-search parser
would split the pairs).

Rows indexed before this migration have neither: run ``manage.py rebuild_procedure_index``.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE search_procedureindexentry ADD COLUMN heading tsvector",
    "CREATE INDEX search_procedure_heading ON search_procedureindexentry USING GIN (heading)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_procedure_heading",
    "ALTER TABLE search_procedureindexentry DROP COLUMN IF EXISTS heading",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0007_fts_heading_and_match_tables")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
