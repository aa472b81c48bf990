"""The national procedure catalogue as data: rules that read it without touching the database.

``documents`` classifies each required document of a record (required, conditional, shown at the
counter, note, online declaration). The parser of the catalogue's files is ``cms.importer``.
"""
