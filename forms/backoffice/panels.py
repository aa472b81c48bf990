"""The admin-home dashboard panel: dossiers received this month, in progress, overdue, on-time rate.

Shown only to users who may view dossiers (``forms.view_dossier``, given to the "Bộ phận Một cửa"
group); an editor without it sees nothing of dossiers. The figures come from
``forms.statistics.dossier_overview`` (one query), with the same definitions as the public page.

Communes (issue #17): the figures count only the dossiers of the communes the user works for; a
user who sees several (the province's read-only group) also gets one row per commune.
"""

from django.urls import NoReverseMatch, reverse

from wagtail import hooks
from wagtail.admin.ui.components import Component

from forms.communes import default_site_id, dossiers_for_staff, staff_communes, user_sees_several_communes
from forms.models import Dossier
from forms.statistics.selectors import MONTHS_SHOWN, DossierOverview, dossier_overview, dossier_overview_by_site

# The back office's list view (wagtail-modeladmin names it after the app and model) and its
# "overdue" filter value.
DOSSIER_LIST_URL_NAME = "forms_dossier_modeladmin_index"
OVERDUE_QUERY = "?thoi_han=qua-han"


class DossierDashboardPanel(Component):
    """Four figures about the counter's work, above Wagtail's own panels."""

    name = "dossier_dashboard"
    template_name = "forms/admin/dashboard_panel.html"
    order = 50

    def __init__(
        self, *, overview: DossierOverview, list_url: str | None, communes: list[tuple[str, DossierOverview]] = ()
    ):
        self.overview = overview
        self.list_url = list_url
        self.communes = list(communes)

    def get_context_data(self, parent_context):
        return {
            "overview": self.overview,
            "period_months": MONTHS_SHOWN,
            "list_url": self.list_url,
            "overdue_url": f"{self.list_url}{OVERDUE_QUERY}" if self.list_url else None,
            "communes": self.communes,
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
    dossiers = dossiers_for_staff(Dossier.objects.all(), request.user)
    communes = []
    if user_sees_several_communes(request.user):
        communes = dossier_overview_per_commune(dossiers=dossiers, user=request.user)
    panels.append(
        DossierDashboardPanel(
            overview=dossier_overview(dossiers=dossiers), list_url=dossier_list_url(), communes=communes
        )
    )


def dossier_overview_per_commune(*, dossiers, user) -> list[tuple[str, DossierOverview]]:
    """(commune name, figures) for each commune ``user`` sees, in the order of ``staff_communes``;
    the default site's row also counts dossiers without a site."""
    figures = dossier_overview_by_site(dossiers=dossiers)
    default_id = default_site_id()
    if None in figures:
        unsited = figures.pop(None)
        if default_id in figures:
            own = figures[default_id]
            figures[default_id] = DossierOverview(
                received_this_month=own.received_this_month + unsited.received_this_month,
                in_progress=own.in_progress + unsited.in_progress,
                overdue=own.overdue + unsited.overdue,
                resolved=own.resolved + unsited.resolved,
                resolved_on_time=own.resolved_on_time + unsited.resolved_on_time,
                period_start=own.period_start,
                period_end=own.period_end,
            )
        else:
            figures[default_id] = unsited
    empty = dossier_overview(dossiers=Dossier.objects.none())
    return [(site.commune_name, figures.get(site.pk, empty)) for site in staff_communes(user)]
