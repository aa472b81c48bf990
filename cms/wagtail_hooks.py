"""Admin registrations of the cms app, the hook that lets page types opt into the page cache, and
the audit log's place in the "Báo cáo" menu, the revision comparison of yes/no fields in Vietnamese."""

from django.db import models
from django.urls import path, reverse
from django.utils.html import escape

from wagtail import hooks
from wagtail.admin.compare import FieldComparison, TextDiff, register_comparison_class
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms import admin_views
from cms.cache import cache_anonymous
from cms.local_admin import LocalProcedureViewSet
from cms.models import Agency, Audience, ProcedureUpdateProposal, ProposalStatus, Sector


@hooks.register("on_serve_page")
def mark_cacheable_pages(serve):
    """Responses of page types with ``cache_anonymous = True`` may be stored by ``cms.cache``."""

    def inner(page, request, args, kwargs):
        response = serve(page, request, args, kwargs)
        if getattr(page, "cache_anonymous", False):
            cache_anonymous(response)
        return response

    return inner


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "folder-open-inverse"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "group"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "user"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class CatalogueGroup(SnippetViewSetGroup):
    menu_label = "Danh mục thủ tục"
    menu_icon = "list-ul"
    items = (SectorViewSet, AgencyViewSet, AudienceViewSet)


register_snippet(CatalogueGroup)
# "Thủ tục tại xã" (issue #17): a commune's own fields of a shared procedure, see cms.local_admin.
register_snippet(LocalProcedureViewSet)


def user_leads(user) -> bool:
    """Whether ``user`` leads: publishes pages (the commune leader who approves editors' work, in
    "Người kiểm duyệt") or signs for the one-stop counter (``forms.export_personal_id``, which forms
    migration 0002 gives to "Lãnh đạo Bộ phận Một cửa")."""
    if not user.is_active:
        return False
    return (
        user.is_superuser
        or user.has_perm("forms.export_personal_id")
        or policy_registry.get_by_type(Page).user_has_permission(user, "publish")
    )


class AuditLogMenuItem(MenuItem):
    """Wagtail's site history, where every logged action is (pages, snippets, settings, and who
    opened or exported which dossier): for leaders, and for whoever Wagtail itself shows it to."""

    def is_shown(self, request):
        user = request.user
        return user_leads(user) or policy_registry.get_by_type(Page).explorable_root_instance(user) is not None


@hooks.register("register_reports_menu_item")
def register_audit_log_menu_item():
    return AuditLogMenuItem(
        "Nhật ký hoạt động",
        reverse("wagtailadmin_reports:site_history"),
        name="nhat-ky-hoat-dong",
        icon_name="history",
        order=1000,
    )


@hooks.register("construct_reports_menu")
def drop_wagtails_site_history_item(request, menu_items):
    """Wagtail's own entry for the same page is shown to page editors only; ours replaces it."""
    menu_items[:] = [item for item in menu_items if item.name != "site-history"]


@hooks.register("register_admin_urls")
def catalogue_import_urls():
    return [
        path("nhap-danh-muc/", admin_views.import_start, name="cms_catalogue_import_start"),
        path("nhap-danh-muc/<int:pk>/", admin_views.import_detail, name="cms_catalogue_import"),
        path("nhap-danh-muc/<int:pk>/tien-do/", admin_views.import_status, name="cms_catalogue_import_status"),
        path("nhap-danh-muc/<int:pk>/ap-dung/", admin_views.import_apply, name="cms_catalogue_import_apply"),
        path("de-xuat-cap-nhat/", admin_views.proposal_list, name="cms_proposals"),
        path(
            "de-xuat-cap-nhat/<int:pk>/<str:action>/",
            admin_views.proposal_decide,
            name="cms_proposal_decide",
        ),
    ]


class ProposalMenuItem(MenuItem):
    """ "Đề xuất cập nhật", with the number waiting in its label; only for the staff of the commune
    that owns the shared catalogue (issue #17)."""

    def is_shown(self, request):
        return admin_views.keeps_catalogue(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        waiting = ProcedureUpdateProposal.objects.filter(status=ProposalStatus.PENDING).count()
        if waiting:
            component.label = f"{self.label} ({waiting})"
        return component


class CatalogueImportMenuItem(MenuItem):
    """ "Nhập danh mục quốc gia", only for those who may publish procedures (importing publishes them)."""

    def is_shown(self, request):
        return admin_views.can_import(request.user)


@hooks.register("register_admin_menu_item")
def catalogue_import_menu_item():
    return CatalogueImportMenuItem(
        "Nhập danh mục quốc gia",
        reverse("cms_catalogue_import_start"),
        name="nhap-danh-muc",
        icon_name="download",
        order=260,
    )


@hooks.register("register_admin_menu_item")
def proposals_menu_item():
    return ProposalMenuItem(
        "Đề xuất cập nhật", reverse("cms_proposals"), name="de-xuat-cap-nhat", icon_name="doc-full-inverse", order=261
    )


class YesNoComparison(FieldComparison):
    """A yes/no field in the revision comparison as "Có" / "Không" instead of Python's True / False."""

    @staticmethod
    def _label(value) -> str:
        return "Có" if value else "Không"

    def htmldiff(self):
        before, after = self._label(self.val_a), self._label(self.val_b)
        if before != after:
            return TextDiff([("deletion", before), ("addition", after)]).to_html()
        return escape(before)


register_comparison_class(models.BooleanField, comparison_class=YesNoComparison)


@hooks.register("register_group_permission_panel")
def group_commune_panel():
    """The group's commune on the admin's group page (issue #17)."""
    from cms.group_panel import GroupCommuneForm

    return GroupCommuneForm
