"""The one-stop counter back office in the Wagtail admin: dossier list, view, actions, exports.

Officers reach it through the "Hồ sơ" menu, shown only to users who may view dossiers (the
"Bộ phận Một cửa" group gets that from forms migration 0002). Nothing here decides what may happen
to a dossier: the action view hands the officer's input to ``forms.lifecycle.services.dossier_transition``,
which checks the move, writes the history and the audit log, and notifies the citizen.

Personal ID numbers: every officer sees the applicant's number in a dossier's view (they check it
against the card at the counter; each view is in the audit log). Exports, files that leave the
system, carry the numbers only for ``forms.export_personal_id``, which migration 0002 gives to the
"Lãnh đạo Bộ phận Một cửa" group, not to the officers.
"""

from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import HistoryView, IndexView, InspectView

from django import forms
from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.log_actions import log

from forms.backoffice import exports
from forms.backoffice.selectors import dossier_procedures, dossier_search, dossier_sectors
from forms.backoffice.services import dossier_export_log
from forms.files.services import AttachmentInput
from forms.lifecycle import selectors
from forms.lifecycle.services import DOSSIER_LOG_ACTIONS, dossier_transition
from forms.models import AttachmentKind, DeliveryMethod, Dossier, DossierStatus

# What each action is called in the admin, and the form fields it asks for. The rules about which
# move is allowed, and what each needs, live in forms.lifecycle.services.
ACTIONS: dict[str, dict] = {
    "nhan-giai-quyet": {
        "to_status": DossierStatus.PROCESSING,
        "label": "Nhận giải quyết",
        "help": "Hồ sơ đủ thành phần: chuyển sang giải quyết. Nếu người dân đã bổ sung tại quầy, dùng nút này để "
        "tiếp tục tính thời hạn.",
    },
    "yeu-cau-bo-sung": {
        "to_status": DossierStatus.SUPPLEMENT_REQUESTED,
        "label": "Yêu cầu bổ sung",
        "help": "Người dân nhận thông báo và bổ sung trên trang tra cứu hồ sơ; thời hạn tạm dừng cho đến khi họ "
        "bổ sung.",
        "note_label": "Giấy tờ cần bổ sung (gửi cho người dân)",
    },
    "ghi-nhan-ket-qua": {
        "to_status": DossierStatus.RESULT_READY,
        "label": "Ghi nhận kết quả",
        "help": "Tải lên bản điện tử của kết quả (bản chụp, PDF); người dân tải được trên trang tra cứu hồ sơ.",
        "file": True,
    },
    "tra-ket-qua": {
        "to_status": DossierStatus.RETURNED,
        "label": "Trả kết quả",
        "help": "Đã trao kết quả tại Bộ phận Một cửa, hoặc đã gửi qua bưu chính công ích (ghi số hiệu bưu gửi).",
        "tracking": True,
    },
    "tu-choi": {
        "to_status": DossierStatus.REFUSED,
        "label": "Từ chối giải quyết",
        "help": "Lý do từ chối được gửi cho người dân.",
        "note_label": "Lý do từ chối (gửi cho người dân)",
    },
}
ACTION_BY_STATUS = {spec["to_status"]: slug for slug, spec in ACTIONS.items()}
# Which form field shows a refusal by the service, by its error code; other codes go to the top.
ERROR_FIELDS = {
    "note_required": "note",
    "tracking_required": "postal_tracking_number",
    "empty": "result_file",
    "file_too_large": "result_file",
    "file_type": "result_file",
    "dossier_too_large": "result_file",
}


# -- permissions and buttons ---------------------------------------------------------------------


class DossierPermissionHelper(PermissionHelper):
    """Officers view (``view_dossier``) and act (``change_dossier``); nobody adds, edits or deletes here."""

    def user_can_list(self, user):
        return user.has_perm("forms.view_dossier")

    def user_can_inspect_obj(self, user, obj):
        return user.has_perm("forms.view_dossier")

    def user_can_act_on_obj(self, user, obj) -> bool:
        return user.has_perm("forms.view_dossier") and user.has_perm("forms.change_dossier")

    def user_can_export_personal_id(self, user) -> bool:
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


class ProcedureFilter(DossierFilter):
    title = "thủ tục"
    parameter_name = "thu_tuc"

    def lookups(self, request, model_admin):
        return [(code, f"{code} – {title}") for code, title in dossier_procedures()]

    def queryset(self, request, queryset):
        return queryset.filter(procedure_code=self.value()) if self.value() else queryset


class SectorFilter(DossierFilter):
    title = "lĩnh vực"
    parameter_name = "linh_vuc"

    def lookups(self, request, model_admin):
        return [(str(sector.pk), sector.name) for sector in dossier_sectors()]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(procedure__sector_id=int(self.value()))
        return queryset


# -- views ---------------------------------------------------------------------------------------


class DossierIndexView(IndexView):
    """The work list; ``?export=xlsx|csv`` returns the same filtered list as a spreadsheet."""

    def get_search_results(self, request, queryset, search_term):
        return dossier_search(queryset, term=search_term)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        include_id = self.permission_helper.user_can_export_personal_id(self.request.user)
        dossiers = list(queryset)
        dossier_export_log(
            dossiers=dossiers, user=self.request.user, export_format=spreadsheet_format, with_id_number=include_id
        )
        return exports.dossier_export_response(
            dossiers=dossiers, export_format=spreadsheet_format, include_id_number=include_id
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("p", None)
        for export_format in self.FORMATS:
            query["export"] = export_format
            context[f"export_{export_format}_url"] = f"?{query.urlencode()}"
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
        actions = []
        if can_act:
            for status in selectors.dossier_allowed_transitions(dossier=dossier):
                slug = ACTION_BY_STATUS[status]
                actions.append({"slug": slug, "label": ACTIONS[slug]["label"], "url": action_url(dossier, slug)})
        attachments = list(dossier.attachments.all())
        return super().get_context_data(
            dossier=dossier,
            sections=dossier.snapshot,
            timeline=selectors.dossier_timeline(dossier=dossier),
            attachments=attachments,
            result_attachments=[a for a in attachments if a.kind == AttachmentKind.RESULT],
            actions=actions,
            history_url=self.url_helper.get_action_url("history", self.pk_quoted),
            **kwargs,
        )


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
        "delivery_col",
    )
    list_filter = (StatusFilter, ProcedureFilter, SectorFilter, DeadlineFilter, DeliveryFilter)
    list_select_related = ("procedure__sector",)
    list_per_page = 50
    search_fields = ("code", "applicant_name", "applicant_phone")
    ordering = ("due_date", "pk")
    inspect_view_enabled = True
    index_view_class = DossierIndexView
    inspect_view_class = DossierInspectView
    history_view_class = DossierHistoryView
    permission_helper_class = DossierPermissionHelper
    button_helper_class = DossierButtonHelper
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

    def received_col(self, obj):
        return timezone.localtime(obj.received_at).strftime("%d/%m/%Y")

    received_col.short_description = "Ngày tiếp nhận"
    received_col.admin_order_field = "received_at"

    def due_col(self, obj):
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

    def delivery_col(self, obj):
        return "Bưu chính" if obj.delivery_method == DeliveryMethod.POST else "Tại Bộ phận Một cửa"

    delivery_col.short_description = "Nhận kết quả"
    delivery_col.admin_order_field = "delivery_method"

    def get_extra_attrs_for_row(self, obj, context):
        if selectors.dossier_is_late(obj, today=self._today()):
            return {"class": "dossier-row--overdue", "data-overdue": "true"}
        return {}


modeladmin_register(DossierAdmin)


# -- actions -------------------------------------------------------------------------------------


def action_url(dossier: Dossier, slug: str) -> str:
    return reverse("forms_dossier_action", kwargs={"pk": dossier.pk, "action": slug})


def inspect_url(dossier: Dossier) -> str:
    return reverse("forms_dossier_modeladmin_inspect", args=[dossier.pk])


class DossierActionForm(forms.Form):
    """The officer's input for one action: a note, and the result file or postal tracking number."""

    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, spec: dict, dossier: Dossier, **kwargs):
        super().__init__(*args, **kwargs)
        if spec.get("note_label"):
            self.fields["note"].label = spec["note_label"]
        if spec.get("file"):
            self.fields["result_file"] = forms.FileField(
                label="Tệp kết quả (bản điện tử)",
                required=False,
                help_text="PDF, ảnh chụp hoặc văn bản Word; người dân tải được trên trang tra cứu hồ sơ.",
            )
        if spec.get("tracking"):
            self.fields["postal_tracking_number"] = forms.CharField(
                label="Số hiệu bưu gửi",
                max_length=64,
                required=False,
                help_text=(
                    "Bắt buộc khi gửi kết quả qua bưu chính công ích."
                    if dossier.delivery_method == DeliveryMethod.POST
                    else "Chỉ điền khi gửi kết quả qua bưu chính; trả tại quầy thì để trống."
                ),
            )

    def attachments(self) -> list[AttachmentInput]:
        upload = self.cleaned_data.get("result_file")
        if not upload:
            return []
        return [AttachmentInput(slot="", label="Kết quả giải quyết", name=upload.name, file=upload)]


def dossier_action(request, pk: int, action: str):
    """One action on a dossier (accept, request a supplement, record the result, return, refuse)."""
    dossier = get_object_or_404(Dossier, pk=pk)
    if not DossierPermissionHelper(Dossier).user_can_act_on_obj(request.user, dossier):
        raise PermissionDenied
    spec = ACTIONS.get(action)
    if spec is None:
        raise PermissionDenied
    form = DossierActionForm(request.POST or None, request.FILES or None, spec=spec, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            dossier_transition(
                dossier=dossier,
                to_status=spec["to_status"],
                actor=request.user,
                note=form.cleaned_data["note"],
                attachments=form.attachments(),
                postal_tracking_number=form.cleaned_data.get("postal_tracking_number", ""),
            )
        except ValidationError as error:
            for item in error.error_list:
                field = ERROR_FIELDS.get(item.code)
                form.add_error(field if field in form.fields else None, item.messages[0])
        else:
            messages.success(request, f"Hồ sơ {dossier.code}: {spec['to_status'].label}.")
            return redirect(inspect_url(dossier))
    elif request.method != "POST" and spec["to_status"] not in selectors.dossier_allowed_transitions(dossier=dossier):
        messages.error(
            request, f"Hồ sơ đang ở trạng thái “{dossier.get_status_display()}”: không thể {spec['label'].lower()}."
        )
        return redirect(inspect_url(dossier))
    return TemplateResponse(
        request,
        "forms/admin/dossier_action.html",
        {"dossier": dossier, "form": form, "spec": spec, "inspect_url": inspect_url(dossier)},
        status=400 if form.errors else 200,
    )


@hooks.register("register_admin_urls")
def register_dossier_action_urls():
    return [path("forms/dossier/<int:pk>/xu-ly/<slug:action>/", dossier_action, name="forms_dossier_action")]


@hooks.register("register_log_actions")
def register_dossier_log_actions(actions):
    for action, (label, message) in DOSSIER_LOG_ACTIONS.items():
        actions.register_action(action, label, message)
