"""Satisfaction ratings: the citizen rates the handling of a dossier once, after the result."""
