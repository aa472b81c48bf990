"""Wagtail admin hooks of the forms app.

The dossier back office (the "Hồ sơ" menu, list, dossier view, actions, exports) lives in
``forms.backoffice`` and the admin-home dashboard panel in ``forms.backoffice.panels``; importing them
here, where Wagtail looks for hooks, registers theirs. The page editor gets the pick list of a
form's own fields for display conditions and date rules.
"""

from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks

from forms.backoffice import admin, panels, reconciliation  # noqa: F401


@hooks.register("insert_editor_js")
def field_key_picker_js():
    return format_html('<script src="{}" defer></script>', static("forms/admin/field-key-picker.js"))
