"""Wagtail admin hooks of the forms app.

The dossier back office (the "Hồ sơ" menu, list, dossier view, actions, exports) lives in
``forms.backoffice`` and the admin-home dashboard panel in ``forms.backoffice.panels``; importing them
here, where Wagtail looks for hooks, registers theirs.
"""

from forms.backoffice import admin, panels  # noqa: F401
