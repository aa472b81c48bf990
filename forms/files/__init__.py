"""Private dossier files: storage outside MEDIA_ROOT, upload checks, permission-checked downloads."""
