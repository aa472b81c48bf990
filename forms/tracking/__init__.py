"""Tracking: the citizen finds a dossier by code and phone, follows it and answers a supplement request."""
