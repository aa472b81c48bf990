"""Intake: how a dossier comes in — the submission wizard, its steps and declaration blocks, drafts, dossier_submit."""
