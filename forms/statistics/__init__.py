"""Statistics of dossier handling (Decision 766/QĐ-TTg 2022 indicators): public page, charts, admin panel figures."""
