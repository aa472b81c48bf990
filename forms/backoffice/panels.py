"""The admin-home dashboard panel: dossiers received this month, in progress, overdue, on-time rate.

Shown only to users who may view dossiers (``forms.view_dossier``, given to the "Bộ phận Một cửa"
group); an editor without it sees nothing of dossiers. The figures come from
``forms.statistics.dossier_overview`` (one query), with the same definitions as the public page.
"""

from django.urls import NoReverseMatch, reverse

from wagtail import hooks
from wagtail.admin.ui.components import Component

from forms.statistics.selectors import MONTHS_SHOWN, DossierOverview, dossier_overview

# The back office's list view (wagtail-modeladmin names it after the app and model) and its
# "overdue" filter value.
DOSSIER_LIST_URL_NAME = "forms_dossier_modeladmin_index"
OVERDUE_QUERY = "?thoi_han=qua-han"


class DossierDashboardPanel(Component):
    """Four figures about the counter's work, above Wagtail's own panels."""

    name = "dossier_dashboard"
    template_name = "forms/admin/dashboard_panel.html"
    order = 50

    def __init__(self, *, overview: DossierOverview, list_url: str | None):
        self.overview = overview
        self.list_url = list_url

    def get_context_data(self, parent_context):
        return {
            "overview": self.overview,
            "period_months": MONTHS_SHOWN,
            "list_url": self.list_url,
            "overdue_url": f"{self.list_url}{OVERDUE_QUERY}" if self.list_url else None,
        }


def dossier_list_url() -> str | None:
    """The back office's dossier list, or None while it is not registered."""
    try:
        return reverse(DOSSIER_LIST_URL_NAME)
    except NoReverseMatch:
        return None


@hooks.register("construct_homepage_panels")
def dossier_dashboard_panel_add(request, panels) -> None:
    if not request.user.has_perm("forms.view_dossier"):
        return
    panels.append(DossierDashboardPanel(overview=dossier_overview(), list_url=dossier_list_url()))
