"""The one-stop counter back office in the Wagtail admin: dossier list, view, actions, exports.

Officers reach it through the "Hồ sơ" menu, shown only to users who may view dossiers (the
"Bộ phận Một cửa" group gets that from forms migration 0002). Nothing here decides what may happen
to a dossier: the actions (``forms.backoffice.actions``) hand the officer's input to the lifecycle
services, which check it, write the history and the audit log, and notify the citizen. Dossiers
brought to the counter or arriving by post are registered under "Tiếp nhận hồ sơ tại quầy"
(``forms.backoffice.counter``).

Personal ID numbers: every officer sees the applicant's number in a dossier's view (they check it
against the card at the counter; each view is in the audit log). Exports, files that leave the
system, carry the numbers only for ``forms.export_personal_id``, which migration 0002 gives to the
"Lãnh đạo Bộ phận Một cửa" group, not to the officers.

Communes (issue #17): every view here shows only the dossiers of the communes the user works for
(``forms.communes``); a dossier of another commune is not found (404) in the list, its view, its
history, its actions and the exports. The province's read-only group ("Cấp tỉnh (chỉ xem)") sees
every commune, with a "Xã" column and filter, acts on none, and never exports ID numbers.
"""

from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import HistoryView, IndexView, InspectView

from django.contrib.admin import SimpleListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, F, Value, When
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.log_actions import log

from cms.communes import VIEW_ALL_COMMUNES
from forms.backoffice import exports
from forms.backoffice.actions import dossier_action, dossier_actions, inspect_url, receipt_url
from forms.backoffice.counter import counter_intake, user_can_register
from forms.backoffice.selectors import dossier_procedures, dossier_search, dossier_sectors
from forms.backoffice.services import dossier_export_log
from forms.communes import (
    commune_name_subquery,
    commune_names,
    dossier_for_staff_or_404,
    dossiers_for_staff,
    dossiers_of_site,
    staff_communes,
    user_sees_record,
    user_sees_several_communes,
)
from forms.lifecycle import selectors
from forms.lifecycle.services import CORRECTABLE_FIELDS, DOSSIER_LOG_ACTIONS
from forms.models import AttachmentKind, DeliveryMethod, Dossier, DossierStatus, PaymentStatus, SubmissionChannel
from portal.params import int_param, parse_int

# Before reception and waiting on the counter or the citizen: listed first.
RECEPTION_WORK = (DossierStatus.AWAITING_RECEPTION, DossierStatus.COMPLETION_REQUESTED)


# -- permissions and buttons ---------------------------------------------------------------------


class DossierPermissionHelper(PermissionHelper):
    """Officers view (``view_dossier``) and act (``change_dossier``); nobody adds, edits or deletes here."""

    def user_can_list(self, user):
        return user.has_perm("forms.view_dossier")

    def user_can_inspect_obj(self, user, obj):
        return user.has_perm("forms.view_dossier") and user_sees_record(user, obj)

    def user_can_act_on_obj(self, user, obj) -> bool:
        return (
            user.has_perm("forms.view_dossier")
            and user.has_perm("forms.change_dossier")
            and user_sees_record(user, obj)
        )

    def user_can_export_personal_id(self, user) -> bool:
        # The province reads every commune's list but never takes ID numbers out (issue #17), even
        # when one of its members is also a commune's leader.
        if not user.is_superuser and user.has_perm(VIEW_ALL_COMMUNES):
            return False
        return user.has_perm("forms.export_personal_id")

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class DossierButtonHelper(ButtonHelper):
    def inspect_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().inspect_button(pk, classnames_add, classnames_exclude)
        return {**button, "label": "Mở", "title": "Xem và xử lý hồ sơ này"}


# -- list filters --------------------------------------------------------------------------------


class DossierFilter(SimpleListFilter):
    """A list filter drawn with a Vietnamese heading (modeladmin's template says "By …")."""

    template = "forms/admin/includes/filter.html"


class SelectFilter(DossierFilter):
    """A filter with many choices (the procedures, sectors or communes that have dossiers), drawn as a
    drop-down list with a "Lọc" button rather than one link per choice.

    A commune with a thousand dossiers had about two hundred procedure links in the sidebar: a list
    nobody scans, and a fifth of the page's time (each link is a full query string; issue #17).
    The other filters of the page are kept as hidden fields.
    """

    template = "forms/admin/includes/filter_select.html"

    def choices(self, changelist):
        self.kept_params = [(name, value) for name, value in changelist.params.items() if name != self.parameter_name]
        current = self.value()
        for value, label in self.lookup_choices:
            yield {"value": str(value), "display": label, "selected": current == str(value)}


class ChoicesFilter(DossierFilter):
    """One link per choice of the model field named ``parameter_name``."""

    # Not "choices": SimpleListFilter.choices() draws the links.
    options: type[models.TextChoices]

    def lookups(self, request, model_admin):
        return self.options.choices

    def queryset(self, request, queryset):
        if self.value() in self.options.values:
            return queryset.filter(**{self.parameter_name: self.value()})
        return queryset


class StatusFilter(ChoicesFilter):
    title = "trạng thái"
    parameter_name = "status"
    options = DossierStatus


class ChannelFilter(ChoicesFilter):
    title = "cách nộp"
    parameter_name = "channel"
    options = SubmissionChannel


class PaymentFilter(ChoicesFilter):
    title = "phí, lệ phí"
    parameter_name = "payment_status"
    options = PaymentStatus


class DeliveryFilter(ChoicesFilter):
    title = "cách nhận kết quả"
    parameter_name = "delivery_method"
    options = DeliveryMethod


class DeadlineFilter(DossierFilter):
    title = "thời hạn"
    parameter_name = "thoi_han"

    def lookups(self, request, model_admin):
        return [("qua-han", "Quá hạn"), ("sap-den-han", "Đến hạn trong 2 ngày làm việc")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "qua-han":
            return selectors.dossiers_overdue(queryset, today=today)
        if self.value() == "sap-den-han":
            return selectors.dossiers_due_soon(queryset, today=today)
        return queryset


class ProcedureFilter(SelectFilter):
    title = "thủ tục"
    parameter_name = "thu_tuc"

    def lookups(self, request, model_admin):
        dossiers = model_admin.get_queryset(request)  # the user's communes' (issue #17)
        return [(code, f"{code} – {title}") for code, title in dossier_procedures(dossiers=dossiers)]

    def queryset(self, request, queryset):
        return queryset.filter(procedure_code=self.value()) if self.value() else queryset


class SectorFilter(SelectFilter):
    title = "lĩnh vực"
    parameter_name = "linh_vuc"

    def lookups(self, request, model_admin):
        dossiers = model_admin.get_queryset(request)  # the user's communes' (issue #17)
        return [(str(sector.pk), sector.name) for sector in dossier_sectors(dossiers=dossiers)]

    def queryset(self, request, queryset):
        sector_id = int_param(self.value(), minimum=1)
        return queryset if sector_id is None else queryset.filter(procedure__sector_id=sector_id)


class CommuneFilter(SelectFilter):
    """The commune, for those who see several (the province, an officer of two communes)."""

    title = "xã"
    parameter_name = "xa"

    def lookups(self, request, model_admin):
        return [(str(site.pk), site.commune_name) for site in staff_communes(request.user)]

    def queryset(self, request, queryset):
        site_id = int_param(self.value(), minimum=1)
        if site_id is None:
            return queryset
        return dossiers_of_site(queryset, site_id)


# -- views ---------------------------------------------------------------------------------------


# What the work list's page never shows (the dossier view and the exports read them).
LIST_UNUSED_FIELDS = ("applicant", "answers", "snapshot", "delivery_address")


class DossierIndexView(IndexView):
    """The work list; ``?export=xlsx|csv`` returns the same filtered list as a spreadsheet."""

    def dispatch(self, request, *args, **kwargs):
        # A parameter that is no filter (``?utm=…``) is taken as a field lookup and fails: start
        # over with the whole list, flagged as Django's own admin does (issue #16: it gave a 500).
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(f"{request.path}?{self.ERROR_FLAG}=1")

    def get_queryset(self, request=None):
        # modeladmin builds the list twice per request (in dispatch, then for the counts and the
        # page): each time it draws the filters' choices (a DISTINCT over the dossiers) and runs
        # the search, which folds names in Python. Once is enough (issue #17: 100,000 dossiers).
        if getattr(self, "_list_queryset", None) is None:
            self._list_queryset = super().get_queryset(request)
        return self._list_queryset

    def apply_select_related(self, queryset):
        # The page shows what the dossier row holds (code, procedure code and title, dates and
        # statuses): joining each dossier's procedure page loaded its whole national text, and the
        # citizen's answers were read for nothing (issue #17: 50 rows of 100,000). The exports
        # name the procedure's sector and keep the join.
        if self.export in self.FORMATS:
            return queryset.select_related("procedure__sector")
        return queryset.defer(*LIST_UNUSED_FIELDS)

    def get_search_results(self, request, queryset, search_term):
        return dossier_search(queryset, term=search_term)

    def get_ordering(self, request, queryset):
        # Dossiers before reception have no due date: those awaiting the officer's check come
        # first, those refused at reception (closed) last, on every database (SQLite sorts NULL
        # first, PostgreSQL last).
        awaiting = Case(When(status__in=RECEPTION_WORK, then=Value(0)), default=Value(1))
        ordering = []
        for field in super().get_ordering(request, queryset):
            if field == "due_date":
                ordering += [awaiting.asc(), F("due_date").asc(nulls_last=True)]
            elif field == "-due_date":
                ordering.append(F("due_date").desc(nulls_last=True))
            else:
                ordering.append(field)
        return ordering

    def as_spreadsheet(self, queryset, spreadsheet_format):
        include_id = self.permission_helper.user_can_export_personal_id(self.request.user)
        dossiers = list(queryset)
        dossier_export_log(
            dossiers=dossiers, user=self.request.user, export_format=spreadsheet_format, with_id_number=include_id
        )
        communes = commune_names() if user_sees_several_communes(self.request.user) else None
        return exports.dossier_export_response(
            dossiers=dossiers, export_format=spreadsheet_format, include_id_number=include_id, communes=communes
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("p", None)
        for export_format in self.FORMATS:
            query["export"] = export_format
            context[f"export_{export_format}_url"] = f"?{query.urlencode()}"
        if user_can_register(self.request.user):
            context["counter_intake_url"] = reverse("forms_counter_intake")
        return context


class DossierInspectView(InspectView):
    """One dossier as the officer works it: facts, answers, files, history and the allowed actions.

    Every opening is written to the audit log (who looked at whose personal data, and when).
    """

    def get(self, request, *args, **kwargs):
        log(instance=self.instance, action="forms.dossier.view", user=request.user)
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return f"Hồ sơ {self.instance.code}"

    def get_meta_title(self):
        return self.get_page_title()

    def get_page_subtitle(self):
        return self.instance.procedure_title

    def get_context_data(self, **kwargs):
        dossier = self.instance
        can_act = self.permission_helper.user_can_act_on_obj(self.request.user, dossier)
        attachments = list(dossier.attachments.all())
        return super().get_context_data(
            dossier=dossier,
            sections=dossier.snapshot,
            timeline=_timeline(dossier),
            attachments=attachments,
            result_attachments=[a for a in attachments if a.kind == AttachmentKind.RESULT],
            received_documents=list(dossier.received_documents.all()),
            actions=dossier_actions(dossier, user=self.request.user) if can_act else [],
            receipt_url=receipt_url(dossier),
            just_received=self.request.GET.get("vua-tiep-nhan") == "1" and dossier.is_received,
            history_url=self.url_helper.get_action_url("history", self.pk_quoted),
            notifications=list(dossier.notifications.select_related("event")),
            payments=list(dossier.payments.select_related("recorded_by")),
            awaits_payment=selectors.dossier_awaits_payment(dossier),
            **kwargs,
        )


def _timeline(dossier: Dossier) -> list:
    # A correction's changes are shown by the field's Vietnamese name.
    events = list(selectors.dossier_timeline(dossier=dossier))
    for event in events:
        changes = (event.data or {}).get("changes") or {}
        event.changes_display = [
            (CORRECTABLE_FIELDS.get(field, field), change.get("old", ""), change.get("new", ""))
            for field, change in changes.items()
        ]
    return events


class DossierHistoryView(HistoryView):
    """The audit log of one dossier, for those who may see the dossier only."""

    columns = [
        Column("message", label="Thao tác"),
        UserColumn("user", label="Người thực hiện", blank_display_name="Người dân"),
        DateColumn("timestamp", label="Thời điểm"),
    ]

    def get_page_title(self):
        return f"Nhật ký hồ sơ {self.instance.code}"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": self.url_helper.index_url, "label": "Hồ sơ"},
            {"url": inspect_url(self.instance), "label": self.instance.code},
            {"url": "", "label": self.get_page_title()},
        ]

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_helper.user_can_inspect_obj(request.user, self.instance):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# -- the admin -----------------------------------------------------------------------------------


class DossierAdmin(ModelAdmin):
    """The "Hồ sơ" menu: the dossier work list, sorted by due date, with filters, search and exports."""

    model = Dossier
    menu_label = "Hồ sơ"
    menu_icon = "folder-open-inverse"
    menu_order = 150
    add_to_settings_menu = False
    list_display = (
        "code",
        "procedure_col",
        "applicant_name",
        "received_col",
        "due_col",
        "status_col",
        "payment_col",
        "delivery_col",
    )
    list_filter = (
        StatusFilter,
        ChannelFilter,
        ProcedureFilter,
        SectorFilter,
        DeadlineFilter,
        DeliveryFilter,
        PaymentFilter,
    )
    list_select_related = ("procedure__sector",)
    list_per_page = 50
    search_fields = ("code", "applicant_name", "applicant_phone", "procedure_code", "procedure_title")
    ordering = ("due_date", "pk")
    inspect_view_enabled = True
    index_view_class = DossierIndexView
    inspect_view_class = DossierInspectView
    history_view_class = DossierHistoryView
    permission_helper_class = DossierPermissionHelper
    button_helper_class = DossierButtonHelper

    def get_queryset(self, request):
        # Only the communes the user works for (issue #17); the filters, search and exports start here.
        queryset = dossiers_for_staff(super().get_queryset(request), request.user)
        if user_sees_several_communes(request.user):
            queryset = queryset.annotate(commune_shown=commune_name_subquery())
        return queryset

    def get_list_display(self, request):
        if user_sees_several_communes(request.user):
            return (*self.list_display[:2], "commune_col", *self.list_display[2:])
        return self.list_display

    def get_list_filter(self, request):
        if user_sees_several_communes(request.user):
            return (CommuneFilter, *self.list_filter)
        return self.list_filter

    # The views look the dossier up by the address's ``instance_pk``, which admits any word: "²" or
    # 5,000 digits failed in the lookup with a 500 (issue #16). Only a number can name a dossier.
    # A dossier of a commune the user does not work for is not found either (issue #17).
    @staticmethod
    def _dossier_check(request, instance_pk) -> None:
        pk = parse_int(instance_pk)
        if pk is None:
            raise Http404
        if request.user.has_perm("forms.view_dossier"):
            dossier_for_staff_or_404(request.user, pk)

    def inspect_view(self, request, instance_pk):
        self._dossier_check(request, instance_pk)
        return super().inspect_view(request, instance_pk)

    def history_view(self, request, instance_pk):
        self._dossier_check(request, instance_pk)
        return super().history_view(request, instance_pk)

    def edit_view(self, request, instance_pk):
        self._dossier_check(request, instance_pk)
        return super().edit_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        self._dossier_check(request, instance_pk)
        return super().delete_view(request, instance_pk)

    index_template_name = "forms/admin/dossier_index.html"
    inspect_template_name = "forms/admin/dossier_inspect.html"
    export_filename = "danh-sach-ho-so"

    @staticmethod
    def _today():
        return timezone.localdate()

    def procedure_col(self, obj):
        return format_html("{}<br><small>{}</small>", obj.procedure_title, obj.procedure_code)

    procedure_col.short_description = "Thủ tục"
    procedure_col.admin_order_field = "procedure_code"

    def commune_col(self, obj):
        return getattr(obj, "commune_shown", "") or ""

    commune_col.short_description = "Xã"
    commune_col.admin_order_field = "site"

    def received_col(self, obj):
        if obj.received_at is None:
            return format_html('<span class="dossier-muted">{}</span>', "Chưa tiếp nhận")
        return timezone.localtime(obj.received_at).strftime("%d/%m/%Y")

    received_col.short_description = "Ngày tiếp nhận"
    received_col.admin_order_field = "received_at"

    def due_col(self, obj):
        if obj.due_date is None:
            return "–"
        due = obj.due_date.strftime("%d/%m/%Y")
        if selectors.dossier_is_late(obj, today=self._today()):
            return format_html('{} <span class="w-status w-status--label dossier-overdue">Quá hạn</span>', due)
        return due

    due_col.short_description = "Ngày hẹn trả"
    due_col.admin_order_field = "due_date"

    def status_col(self, obj):
        return obj.get_status_display()

    status_col.short_description = "Trạng thái"
    status_col.admin_order_field = "status"

    def payment_col(self, obj):
        if obj.payment_status == PaymentStatus.NOT_REQUIRED:
            return format_html('<span class="dossier-muted">{}</span>', "Không thu")
        return format_html(
            '<span data-payment-status="{}">{}</span>', obj.payment_status, obj.get_payment_status_display()
        )

    payment_col.short_description = "Phí, lệ phí"
    payment_col.admin_order_field = "payment_status"

    def delivery_col(self, obj):
        return "Bưu chính" if obj.delivery_method == DeliveryMethod.POST else "Tại Bộ phận Một cửa"

    delivery_col.short_description = "Nhận kết quả"
    delivery_col.admin_order_field = "delivery_method"

    def get_extra_attrs_for_row(self, obj, context):
        if selectors.dossier_is_late(obj, today=self._today()):
            return {"class": "dossier-row--overdue", "data-overdue": "true"}
        return {}


modeladmin_register(DossierAdmin)


# -- actions and counter intake -----------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_dossier_action_urls():
    return [
        path("forms/dossier/<int:pk>/xu-ly/<slug:action>/", dossier_action, name="forms_dossier_action"),
        path("forms/tiep-nhan-tai-quay/", counter_intake, name="forms_counter_intake"),
    ]


class CounterIntakeMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_register(request.user)


@hooks.register("register_admin_menu_item")
def register_counter_intake_menu_item():
    return CounterIntakeMenuItem(
        "Tiếp nhận hồ sơ tại quầy", reverse("forms_counter_intake"), icon_name="form", order=151
    )


@hooks.register("register_log_actions")
def register_dossier_log_actions(actions):
    for action, (label, message) in DOSSIER_LOG_ACTIONS.items():
        actions.register_action(action, label, message)
