"""SQLite: two more FTS5 tables beside ``search_procedure_fts`` so that common words stay cheap.

bm25 and column filters read the position list of every term they touch, and a common syllable's
positions in thousands of bodies cost more than the rest of a search. So:

* ``search_procedure_heading`` (title, code, sector; positions kept): picks and scores the
  candidates whose heading names the query, and serves suggestions;
* ``search_procedure_match`` (every field in one column, ``detail=none``: document ids only):
  finds every match for the total and the facet counts;
* ``search_procedure_fts`` stays for scoring by the body when no heading names the query.

Both are filled from ``search_procedure_fts``, which already holds the word pairs.
"""

from django.db import migrations

TOKENIZE = "tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\""
SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE search_procedure_heading USING fts5(title, code, sector, {TOKENIZE}, prefix='2 3')",
    f"CREATE VIRTUAL TABLE search_procedure_match USING fts5(text, {TOKENIZE}, detail=none)",
    "INSERT INTO search_procedure_heading (rowid, title, code, sector) "
    "SELECT rowid, title, code, sector FROM search_procedure_fts",
    "INSERT INTO search_procedure_match (rowid, text) "
    "SELECT rowid, title || ' ' || code || ' ' || sector || ' ' || body FROM search_procedure_fts",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_procedure_heading", "DROP TABLE IF EXISTS search_procedure_match"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_index_generation")]

    operations = [migrations.RunPython(_run(SQLITE_FORWARD), _run(SQLITE_BACKWARD))]
