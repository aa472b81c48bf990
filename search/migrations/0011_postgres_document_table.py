"""PostgreSQL: the whole-document vector moves to a narrow table of its own.

``search_procedure_document`` holds the page id and ``document`` (every field with its word
pairs, weighted as before), with the GIN index. Reading which entries hold a term (the id sets of
``EmbeddedBackend._term_mask``) visits the heap of the matching rows for their page id: on the
entry table, whose rows carry the excerpt, the phrases and the facet keys, a common word visited
nearly every one of its pages (5,700 at 26,420 procedures, 30–50 ms on the first search after a
write); here a row is an id and a pointer to its TOASTed vector, and the same word reads about
200 pages (4–6 ms). The SQLite twin is the ``detail=none`` match table of migration 0007.

Rows are copied, not rebuilt: no ``rebuild_procedure_index`` is needed.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    # The old GIN index has the table's name (indexes and tables share a namespace).
    "DROP INDEX IF EXISTS search_procedure_document",
    "CREATE TABLE search_procedure_document (page_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "INSERT INTO search_procedure_document (page_id, document) "
    "SELECT page_id, document FROM search_procedureindexentry WHERE document IS NOT NULL",
    "CREATE INDEX search_procedure_document_gin ON search_procedure_document USING GIN (document)",
    "ALTER TABLE search_procedureindexentry DROP COLUMN IF EXISTS document",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE search_procedureindexentry ADD COLUMN document tsvector",
    "UPDATE search_procedureindexentry e SET document = d.document FROM search_procedure_document d "
    "WHERE d.page_id = e.page_id",
    "DROP TABLE IF EXISTS search_procedure_document",
    "CREATE INDEX search_procedure_document ON search_procedureindexentry USING GIN (document)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0010_aliases_written")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
