"""Admin views of the national-catalogue import: upload, dry run, apply with progress, and the
proposed updates editors accept or dismiss. Thin: every action is a ``cms.services`` call.

Importing and accepting publish pages, so both need the right to publish procedures (the
"Moderators" group, administrators). With many communes (issue #17) both change the ONE shared
catalogue, so only the staff of the commune that owns it (the default site) and superusers open
these views at all; another commune's staff get 403 and no menu item.
"""

from __future__ import annotations

import difflib
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from cms.catalogue.fields import field_label
from cms.models import CatalogueImport, ImportStatus, ProcedureIndexPage, ProcedureUpdateProposal, ProposalStatus
from cms.services import (
    OUTCOME_LABELS,
    CatalogueImportError,
    ProposalError,
    catalogue_import_apply,
    catalogue_import_start,
    proposal_accept,
    proposal_dismiss,
)

DETAIL_ROWS_SHOWN = 200


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh mục",
        help_text="Tệp .jsonl hoặc .jsonl.gz của Cơ sở dữ liệu quốc gia, hoặc tệp .xlsx xuất từ Cổng Dịch vụ công.",
    )
    all_levels = forms.BooleanField(
        label="Tạo cả thủ tục không thực hiện ở cấp xã",
        required=False,
        help_text="Mặc định chỉ tạo thủ tục do cơ quan cấp xã thực hiện.",
    )


def keeps_catalogue(user) -> bool:
    """Whether ``user`` is staff of the commune that owns the shared catalogue (the default site),
    or a superuser. The province's read-only group changes nothing, so it is not (issue #17)."""
    from wagtail.models import Site

    from cms.communes import staff_site_ids

    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    site_ids = staff_site_ids(user)
    if site_ids is None:
        return False
    default_id = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    return default_id in site_ids


def catalogue_keeper_required(view):
    """403 for anyone but the staff of the catalogue's commune (``keeps_catalogue``)."""

    @wraps(view)
    def inner(request, *args, **kwargs):
        if not keeps_catalogue(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return inner


def can_import(user) -> bool:
    """Whether ``user`` keeps the shared catalogue and may publish procedures, which importing does."""
    if not keeps_catalogue(user):
        return False
    if user.is_superuser:
        return True
    index = ProcedureIndexPage.objects.order_by("path").first()
    return index is not None and index.permissions_for_user(user).can_publish_subpage()


@catalogue_keeper_required
def import_start(request):
    if request.method == "POST":
        if not can_import(request.user):
            raise PermissionDenied
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                run = catalogue_import_start(
                    upload=form.cleaned_data["file"], user=request.user, all_levels=form.cleaned_data["all_levels"]
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect("cms_catalogue_import", run.pk)
    else:
        form = ImportForm()
    return TemplateResponse(
        request,
        "cms/admin/import_start.html",
        {
            "page_title": "Nhập danh mục thủ tục quốc gia",
            "header_title": "Nhập danh mục thủ tục quốc gia",
            "header_icon": "download",
            "form": form,
            "can_import": can_import(request.user),
            "runs": CatalogueImport.objects.select_related("created_by")[:10],
        },
    )


@catalogue_keeper_required
def import_detail(request, pk: int):
    run = get_object_or_404(CatalogueImport, pk=pk)
    summary = run.result or run.preview
    groups = []
    for outcome, label in OUTCOME_LABELS.items():
        rows = [
            {**row, "fields": [field_label(name) for name in row["fields"]]}
            for row in summary.get("details", [])
            if row["outcome"] == outcome
        ]
        if rows:
            groups.append({"outcome": outcome, "label": label, "rows": rows[:DETAIL_ROWS_SHOWN], "count": len(rows)})
    return TemplateResponse(
        request,
        "cms/admin/import_detail.html",
        {
            "page_title": f"Nhập danh mục: {run.file_name}",
            "header_title": f"Nhập danh mục: {run.file_name}",
            "header_icon": "download",
            "run": run,
            "summary": summary,
            "counts": [(OUTCOME_LABELS[k], v) for k, v in summary.get("counts", {}).items()],
            "groups": groups,
            "skips": summary.get("skips", [])[:DETAIL_ROWS_SHOWN],
            "fees": summary.get("fees"),
            "can_apply": run.status == ImportStatus.PREVIEWED and can_import(request.user),
            "status_url": reverse("cms_catalogue_import_status", args=[run.pk]),
        },
    )


@catalogue_keeper_required
def import_status(request, pk: int):
    """Progress of one import, polled by its page while the worker runs it."""
    run = get_object_or_404(CatalogueImport, pk=pk)
    return JsonResponse(
        {
            "status": run.status,
            "label": run.get_status_display(),
            "processed": run.processed,
            "total": run.total,
            "percent": run.percent,
            "finished": run.status in (ImportStatus.PREVIEWED, ImportStatus.DONE, ImportStatus.FAILED),
            "error": run.error,
        }
    )


@require_POST
@catalogue_keeper_required
def import_apply(request, pk: int):
    if not can_import(request.user):
        raise PermissionDenied
    run = get_object_or_404(CatalogueImport, pk=pk)
    try:
        catalogue_import_apply(run=run, user=request.user)
    except CatalogueImportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Đã bắt đầu nhập. Trang này cho biết tiến độ; có thể rời trang, việc nhập vẫn chạy.")
    return redirect("cms_catalogue_import", run.pk)


@catalogue_keeper_required
def proposal_list(request):
    pending = ProcedureUpdateProposal.objects.filter(status=ProposalStatus.PENDING).select_related("page")
    decided = (
        ProcedureUpdateProposal.objects.exclude(status=ProposalStatus.PENDING)
        .select_related("page", "decided_by")
        .order_by("-decided_at")[:20]
    )
    return TemplateResponse(
        request,
        "cms/admin/proposal_list.html",
        {
            "page_title": "Đề xuất cập nhật từ danh mục quốc gia",
            "header_title": "Đề xuất cập nhật từ danh mục quốc gia",
            "header_icon": "doc-full-inverse",
            "pending": [(proposal, difference(proposal.old_text, proposal.new_text)) for proposal in pending],
            "decided": decided,
        },
    )


@require_POST
@catalogue_keeper_required
def proposal_decide(request, pk: int, action: str):
    proposal = get_object_or_404(ProcedureUpdateProposal.objects.select_related("page"), pk=pk)
    if not proposal.page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    try:
        if action == "accept":
            proposal_accept(proposal=proposal, user=request.user)
            messages.success(request, f"Đã cập nhật «{proposal.field_label}» của «{proposal.page.title}».")
        else:
            proposal_dismiss(proposal=proposal, user=request.user)
            messages.success(
                request, f"Đã giữ nội dung của xã cho «{proposal.field_label}» của «{proposal.page.title}»."
            )
    except ProposalError as error:
        messages.error(request, str(error))
    return redirect("cms_proposals")


def difference(old: str, new: str) -> str:
    """Line-by-line difference as HTML: removed lines in <del>, added lines in <ins>."""
    lines = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        tag, text = line[:2], escape(line[2:])
        if tag == "- ":
            lines.append(f'<del class="proposal-diff__old">− {text}</del>')
        elif tag == "+ ":
            lines.append(f'<ins class="proposal-diff__new">+ {text}</ins>')
        elif tag == "  ":
            lines.append(f'<span class="proposal-diff__same">  {text}</span>')
    return mark_safe("\n".join(lines))  # every piece of text is escaped above
