"""The audit log ("Nhật ký hoạt động", Wagtail's site history) per commune (issue #17).

Wagtail lists every log entry of a model to anyone holding a permission on that model: a commune's
officers and leaders would read who opened, exported or paid which dossier in every other commune
(names, dossier codes). A commune expects its own log: its leaders check who looked at whose
personal data (Decree 13/2023/NĐ-CP on personal data protection), so the report is restricted
rather than hidden. For a user who does not see every commune, entries about a dossier, a bank
statement, a commune's settings or local procedure notes, and a staff account are listed only when
the dossier, statement, settings or account belongs to one of the user's communes; page entries
already follow the user's page permissions (each commune's pages are its own), and entries about
shared records (the catalogue's sectors, agencies) stay as Wagtail lists them. The province's
read-only group and superusers see every entry.

The view replaces Wagtail's at the same addresses (``portal.urls`` puts it first), so an address
typed by hand reaches the restricted report too.
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Cast

from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

from cms.communes import staff_site_ids
from forms.communes import site_condition
from forms.models import BankStatement, Dossier


def _site_rows(model) -> Callable[[set[int]], QuerySet]:
    return lambda site_ids: model.objects.filter(site_condition(site_ids))


def _settings_rows(site_ids: set[int]) -> QuerySet:
    from cms.models import CommuneSettings

    return CommuneSettings.objects.filter(site__in=site_ids)


def _local_procedure_rows(site_ids: set[int]) -> QuerySet:
    from cms.models import LocalProcedure

    return LocalProcedure.objects.filter(site__in=site_ids)


def _user_rows(site_ids: set[int]) -> QuerySet:
    return get_user_model().objects.filter(groups__commune_link__site__in=site_ids).distinct()


def _scoped_models() -> dict[type, Callable[[set[int]], QuerySet]]:
    """Models whose log entries belong to one commune, and how to find a commune's rows."""
    from cms.models import CommuneSettings, LocalProcedure

    return {
        Dossier: _site_rows(Dossier),
        BankStatement: _site_rows(BankStatement),
        CommuneSettings: _settings_rows,
        LocalProcedure: _local_procedure_rows,
        get_user_model(): _user_rows,
    }


def log_entries_for_staff(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` (of ``ModelLogEntry``) without entries about another commune's records."""
    site_ids = staff_site_ids(user)
    if site_ids is None:
        return queryset
    condition = Q()
    for model, rows in _scoped_models().items():
        content_type = ContentType.objects.get_for_model(model)
        own = rows(site_ids).annotate(pk_text=Cast("pk", output_field=CharField())).values("pk_text")
        condition &= ~Q(content_type=content_type) | Q(object_id__in=own)
    return queryset.filter(condition)


def viewable_log_entries(log_model, user) -> QuerySet:
    """The entries of ``log_model`` ``user`` may read: Wagtail's rule, then the commune's."""
    queryset = log_model.objects.viewable_by_user(user)
    if issubclass(log_model, ModelLogEntry):
        queryset = log_entries_for_staff(queryset, user)
    return queryset


class CommuneSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    """The report's filters offer only the people who acted on what the user may read."""

    def get_user_choices(self):
        user_ids = set()
        for log_model in log_action_registry.get_log_entry_models():
            user_ids.update(viewable_log_entries(log_model, self.request.user).get_user_ids())
        User = get_user_model()
        return User.objects.filter(pk__in=user_ids).order_by(User.USERNAME_FIELD)


class CommuneLogEntriesView(LogEntriesView):
    """Wagtail's site history, limited to the user's communes (see the module's docstring)."""

    filterset_class = CommuneSiteHistoryFilterSet

    def get_filtered_queryset(self):
        # Wagtail's own method with ``viewable_log_entries`` for ``viewable_by_user``.
        queryset = None
        self.log_models = list(log_action_registry.get_log_entry_models())
        for log_model_index, log_model in enumerate(self.log_models):
            sub_queryset = (
                viewable_log_entries(log_model, self.request.user)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(log_model_index, output_field=IntegerField()))
            )
            sub_queryset = self.filter_queryset(sub_queryset).order_by()
            queryset = sub_queryset if queryset is None else queryset.union(sub_queryset, all=True)
        return queryset.order_by("-timestamp")
