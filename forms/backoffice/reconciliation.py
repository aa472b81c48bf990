"""Back office of payments: the "Đối soát thanh toán" section (statements, pending lines, decisions).

Only officers with ``forms.reconcile_payment`` (the counter's groups, forms migration 0014) see the
menu item and open these views; any other user of the admin gets 403, and Wagtail sends a visitor
who is not signed in to the admin's login page. The views only collect the officer's input and hand
it to ``forms.payments.reconciliation``, which reads the file, matches the lines, applies or
rejects them and writes the history and the audit log; its refusals are shown next to the field.

Communes (issue #17): a statement is imported for the officer's commune (a choice among theirs when
they work for several); the lists show their communes' statements and lines only, and a statement
or line of another commune is not found (404). The province's read-only group has no
``forms.reconcile_payment``: 403 everywhere here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from forms.backoffice.actions import inspect_url
from forms.backoffice.forms import LINE_APPLY, LineDecisionForm, StatementUploadForm
from forms.backoffice.selectors import statement_lines_pending, statements_for_staff, statements_recent
from forms.communes import dossiers_of_site, staff_communes
from forms.models import Dossier, LineDecision, LineOutcome, StatementLine
from forms.payments.reconciliation import (
    MAX_STATEMENT_BYTES,
    RECONCILIATION_LOG_ACTIONS,
    statement_import,
    statement_line_apply,
    statement_line_reject,
)

PERMISSION = "forms.reconcile_payment"


def user_can_reconcile(user) -> bool:
    """Counter staff with ``forms.reconcile_payment``; editors and citizens never."""
    return user.is_active and user.has_perm(PERMISSION)


def _check(request) -> None:
    if not user_can_reconcile(request.user):
        raise PermissionDenied


def _form_errors(form, error: ValidationError, field: str | None) -> None:
    for message in error.messages:
        form.add_error(field, message)


def reconciliation_index(request):
    """Upload a statement (POST), the lines waiting for a decision and the statements imported."""
    _check(request)
    posted = request.method == "POST"
    communes = staff_communes(request.user)
    form = StatementUploadForm(request.POST if posted else None, request.FILES if posted else None, communes=communes)
    if posted and not communes:
        raise PermissionDenied
    if posted and form.is_valid():
        upload = form.cleaned_data["statement"]
        content = upload.read(MAX_STATEMENT_BYTES + 1)
        try:
            statement = statement_import(
                content=content, original_name=upload.name, actor=request.user, site=form.commune()
            )
        except ValidationError as error:
            _form_errors(form, error, "statement")
        else:
            lines = list(statement.lines.all())
            applied = sum(line.decision == LineDecision.APPLIED for line in lines)
            messages.success(
                request,
                f"Đã nhập sao kê {statement.original_name}: {len(lines)} giao dịch ghi có, {applied} khớp và đã "
                f"ghi nhận, {len(lines) - applied} chờ quyết định.",
            )
            return redirect("forms_statement_detail", pk=statement.pk)
    return TemplateResponse(
        request,
        "forms/admin/reconciliation_index.html",
        {
            "form": form,
            "pending": list(statement_lines_pending(user=request.user)[:200]),
            "statements": statements_recent(user=request.user),
        },
        status=400 if form.errors else 200,
    )


def statement_detail(request, pk: int):
    """One imported statement: every credit line, what matching found and what became of it."""
    _check(request)
    statement = get_object_or_404(statements_for_staff(request.user).select_related("uploaded_by"), pk=pk)
    lines = list(statement.lines.select_related("dossier", "decided_by"))
    return TemplateResponse(
        request,
        "forms/admin/statement_detail.html",
        {"statement": statement, "lines": lines, "index_url": reverse("forms_reconciliation")},
    )


def line_decide(request, pk: int):
    """An officer's decision on one pending line: apply it to a dossier, or reject it with a note."""
    _check(request)
    lines = StatementLine.objects.filter(statement__in=statements_for_staff(request.user))
    line = get_object_or_404(lines.select_related("statement", "dossier"), pk=pk)
    if line.decision != LineDecision.PENDING:
        messages.error(request, f"Dòng sao kê này đã được quyết định (“{line.get_decision_display()}”).")
        return redirect("forms_statement_detail", pk=line.statement_id)
    initial = {"decision": LINE_APPLY if line.outcome == LineOutcome.PARTIAL else None}
    if line.dossier:
        initial["dossier_code"] = line.dossier.code
    form = LineDecisionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        dossiers=dossiers_of_site(Dossier.objects.all(), line.statement.site_id),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == LINE_APPLY:
                statement_line_apply(line=line, actor=request.user, dossier=data["dossier"], note=data["note"])
            else:
                statement_line_reject(line=line, actor=request.user, note=data["note"])
        except ValidationError as error:
            field = {
                "dossier_required": "dossier_code",
                "dossier_other_commune": "dossier_code",
                "note_required": "note",
            }.get(error.code)
            _form_errors(form, error, field)
        else:
            line.refresh_from_db()
            if line.decision == LineDecision.APPLIED:
                messages.success(request, f"Đã ghi nhận khoản chuyển vào hồ sơ {line.dossier.code}.")
            else:
                messages.success(request, "Đã ghi nhận quyết định không ghi nhận khoản chuyển.")
            return redirect("forms_reconciliation")
    return TemplateResponse(
        request,
        "forms/admin/line_decide.html",
        {
            "line": line,
            "form": form,
            "dossier_url": inspect_url(line.dossier) if line.dossier else None,
            "index_url": reverse("forms_reconciliation"),
        },
        status=400 if form.errors else 200,
    )


@hooks.register("register_admin_urls")
def register_reconciliation_urls():
    return [
        path("forms/doi-soat/", reconciliation_index, name="forms_reconciliation"),
        path("forms/doi-soat/sao-ke/<int:pk>/", statement_detail, name="forms_statement_detail"),
        path("forms/doi-soat/dong/<int:pk>/", line_decide, name="forms_statement_line_decide"),
    ]


class ReconciliationMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_reconcile(request.user)


@hooks.register("register_admin_menu_item")
def register_reconciliation_menu_item():
    # Next to "Hồ sơ" (150) and "Tiếp nhận hồ sơ tại quầy" (151).
    return ReconciliationMenuItem(
        "Đối soát thanh toán", reverse("forms_reconciliation"), icon_name="doc-full", order=152
    )


@hooks.register("register_log_actions")
def register_reconciliation_log_actions(actions):
    for action, (label, message) in RECONCILIATION_LOG_ACTIONS.items():
        actions.register_action(action, label, message)
