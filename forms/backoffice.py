"""The one-stop counter back office in the Wagtail admin: dossier list, view, actions, exports."""
