"""The admin of ``LocalProcedure`` ("Thủ tục tại xã", issue #17): what a commune says about a
procedure of the shared catalogue, edited by that commune's editors only.

Every view of the snippet (list, edit, delete, history …) goes through the permission policy,
so another commune's row opened by its URL is refused (403), and the list and the commune
choice hold only the communes the user works for (``cms.communes.staff_scope``).
"""

from __future__ import annotations

from django.http import Http404

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import LocalProcedure


class LocalProcedureForm(WagtailAdminModelForm):
    """The snippet's form: the commune is one of those the editor works for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from wagtail.models import Site

        from cms.communes import staff_scope

        if self.for_user is not None and "site" in self.fields:
            communes = staff_scope(Site.objects.order_by("site_name", "hostname"), self.for_user, field="pk")
            self.fields["site"].queryset = communes
            if communes.count() == 1 and not self.instance.pk:
                self.fields["site"].initial = communes.get().pk


class LocalProcedurePermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, and only on the rows of the communes the user works for."""

    def user_has_permission_for_instance(self, user, action, instance):
        from cms.communes import user_works_for

        return self.user_has_permission(user, action) and user_works_for(user, instance.site_id)

    def instances_user_has_any_permission_for(self, user, actions):
        from cms.communes import staff_scope

        return staff_scope(super().instances_user_has_any_permission_for(user, actions), user)


class CommuneRowMixin:
    """Another commune's row, opened by its URL, is not found (Wagtail checks these views' model
    permission only, not the row's)."""

    def get_object(self, queryset=None):
        from cms.communes import user_works_for

        row = super().get_object(queryset)
        if not user_works_for(self.request.user, row.site_id):
            raise Http404
        return row


class LocalProcedureEditView(CommuneRowMixin, snippet_views.EditView):
    pass


class LocalProcedureDeleteView(CommuneRowMixin, snippet_views.DeleteView):
    pass


class LocalProcedureCopyView(CommuneRowMixin, snippet_views.CopyView):
    pass


class LocalProcedureUsageView(CommuneRowMixin, snippet_views.UsageView):
    pass


class LocalProcedureHistoryView(CommuneRowMixin, snippet_views.HistoryView):
    pass


class LocalProcedureInspectView(CommuneRowMixin, snippet_views.InspectView):
    pass


register_permission_policy(LocalProcedure, LocalProcedurePermissionPolicy(LocalProcedure), exact_class=True)


class LocalProcedureViewSet(SnippetViewSet):
    """ "Thủ tục tại xã": the commune's own receiving address, contact, note and fees of a shared
    procedure, or that the commune does not carry it out."""

    model = LocalProcedure
    icon = "site"
    menu_label = "Thủ tục tại xã"
    menu_name = "thu-tuc-tai-xa"
    menu_order = 262
    add_to_admin_menu = True
    list_display = ["procedure", "site", "carried_out", "contact"]
    list_filter = ["carried_out"]
    ordering = ["site", "procedure__title"]
    edit_view_class = LocalProcedureEditView
    delete_view_class = LocalProcedureDeleteView
    copy_view_class = LocalProcedureCopyView
    usage_view_class = LocalProcedureUsageView
    history_view_class = LocalProcedureHistoryView
    inspect_view_class = LocalProcedureInspectView

    @property
    def edit_handler(self):
        return ObjectList(LocalProcedure.panels, base_form_class=LocalProcedureForm)

    def get_queryset(self, request):
        from cms.communes import staff_scope

        return staff_scope(LocalProcedure.objects.select_related("procedure", "site"), request.user)
