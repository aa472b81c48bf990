"""Lifecycle: the dossier statuses of the one-stop mechanism, their moves, deadlines in working days, notifications."""
