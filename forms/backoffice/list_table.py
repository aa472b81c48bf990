"""The dossier work list's table, drawn in one pass.

modeladmin draws each row through two nested inclusion tags per cell and asks the model admin for
its columns, its buttons and their permissions once per cell: about 2 ms a row, two thirds of the
officers' list on a province installation (issue #17, goal: p95 at most 100 ms with 100,000
dossiers). Here the columns are resolved once per page and each row is one ``format_html`` per
cell. The markup is modeladmin's (same classes and attributes), so the admin's styles, the
overdue marking and the browser tests see the same table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.admin.templatetags.admin_list import result_headers
from django.contrib.admin.utils import display_for_field, display_for_value
from django.core.exceptions import FieldDoesNotExist
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

EMPTY_CELL = mark_safe("&nbsp;")


@dataclass(frozen=True)
class TableRow:
    """One ``<tr>``: its attributes and its cells, already escaped."""

    attrs: SafeString
    cells: SafeString


def _column_value(model_admin, name: str) -> Callable:
    """How to read column ``name`` of a dossier: a model admin method or a model field, resolved once."""
    method = getattr(model_admin, name, None)
    if callable(method):
        return lambda obj: display_for_value(method(obj), "")
    try:
        field = model_admin.model._meta.get_field(name)
    except FieldDoesNotExist:
        return lambda obj: display_for_value(getattr(obj, name), "")
    return lambda obj: display_for_field(getattr(obj, name), field, "")


def _primary_cell(name: str, value, button: dict) -> SafeString:
    # modeladmin's first column: the value linked to the dossier, then its "Mở" button.
    return format_html(
        '<td class="field-{} title"><div class="title-wrapper"><a href="{}" title="{}">{}</a></div>'
        '<ul class="actions"><li><a href="{}" class="{}" title="{}">{}</a></li></ul></td>',
        name,
        button["url"],
        button["title"],
        value,
        button["url"],
        button["classname"],
        button["title"],
        button["label"],
    )


def dossier_table(view, dossiers: Iterable, request) -> dict:
    """The headers (with their sort links) and rows of the work list's page ``dossiers``.

    Every row of the page is a dossier of the user's communes (the list starts from
    ``DossierAdmin.get_queryset``), so each gets the "Mở" button when the user may open it.
    """
    model_admin = view.model_admin
    names = list(view.list_display)
    readers = [_column_value(model_admin, name) for name in names]
    user = request.user
    rows = []
    for index, dossier in enumerate(dossiers):
        attrs = model_admin.get_extra_attrs_for_row(dossier, {"request": request})
        parity = "odd" if index % 2 == 0 else "even"
        attrs["class"] = f"{attrs['class']} {parity}" if "class" in attrs else parity
        attrs["data-object-pk"] = dossier.pk
        values = [read(dossier) or EMPTY_CELL for read in readers]
        cells = []
        if view.permission_helper.user_can_inspect_obj(user, dossier):
            button = view.button_helper.inspect_button(dossier.pk, ["button-small"])
            cells.append(_primary_cell(names[0], values[0], button))
        else:
            cells.append(format_html('<td class="field-{} title">{}</td>', names[0], values[0]))
        rest = zip(names[1:], values[1:], strict=True)
        cells.append(format_html_join("", '<td class="field-{} title">{}</td>', rest))
        rows.append(TableRow(attrs=mark_safe(flatatt(attrs)), cells=mark_safe("".join(cells))))
    return {"headers": list(result_headers(view)), "rows": rows}
