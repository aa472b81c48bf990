"""Counter intake ("Tiếp nhận hồ sơ tại quầy"): an officer registers a paper dossier in two steps.

First the procedure, found by the portal's own search (code or words, with or without
diacritics); then the applicant, the documents received (Mẫu 01's table, prefilled from the
procedure's papers), how it came (in person or by post, with the postal item code) and how the
result goes back. ``forms.backoffice.services.dossier_register`` creates it received; the officer
lands on the dossier with Mẫu 01 ready to print.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from cms.communes import staff_site_ids
from cms.models import ProcedurePage
from forms.backoffice.actions import inspect_url
from forms.backoffice.forms import CounterIntakeForm
from forms.backoffice.selectors import received_documents_initial
from forms.backoffice.services import dossier_register
from forms.communes import staff_communes
from forms.payments.fees import fee_cases, format_dong
from portal.params import int_param
from search.services import SearchError, procedure_search

RESULTS_SHOWN = 20
PROCEDURE_PARAMETER = "thu_tuc"


def user_can_register(user) -> bool:
    """Officers who may act on dossiers may also register those brought to the counter, for a
    commune they work for: with several communes, one whose groups are linked to none has nowhere
    to register a dossier (issue #17), so neither the menu item nor the page is theirs."""
    if not (user.has_perm("forms.view_dossier") and user.has_perm("forms.change_dossier")):
        return False
    site_ids = staff_site_ids(user)
    return site_ids is None or bool(site_ids)


def _procedure(request) -> ProcedurePage | None:
    pk = int_param(request.GET.getlist(PROCEDURE_PARAMETER), minimum=1)
    if pk is None:
        return None
    return ProcedurePage.objects.live().filter(pk=pk).first()


def counter_intake(request):
    """Step 1 (no procedure chosen): search the procedures. Step 2: the dossier's form.

    The dossier belongs to the officer's commune; an officer of several communes chooses one of
    theirs (issue #17). The province's read-only group may not register (403).
    """
    if not user_can_register(request.user):
        raise PermissionDenied
    communes = staff_communes(request.user)
    if not communes:
        raise PermissionDenied
    procedure = _procedure(request)
    if procedure is None:
        return _choose_procedure(request)
    items = list(procedure.fee_items.all())
    cases = [c for channel in ("in_person", "postal") for c in fee_cases(items, channel=channel)]
    form = CounterIntakeForm(
        request.POST or None,
        documents_initial=received_documents_initial(procedure=procedure, dossier=None),
        fee_cases=list(dict.fromkeys(cases)),
        communes=communes,
    )
    if not procedure.postal_return:
        form.fields["delivery_method"].help_text = "Thủ tục này không trả kết quả qua bưu chính công ích."
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        address = data["delivery_address"].strip()
        try:
            dossier = dossier_register(
                procedure=procedure,
                applicant=form.applicant(),
                channel=data["channel"],
                documents=form.documents.documents(),
                delivery_method=data["delivery_method"],
                delivery_address={"detail": address} if address else None,
                postal_item_code=data["postal_item_code"],
                note=data["note"],
                actor=request.user,
                fee_case=data.get("fee_case") or "",
                site=_commune(communes, data.get("site")),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            due = f"; số tiền phải nộp {format_dong(dossier.amount_due)}" if dossier.amount_due else ""
            messages.success(
                request,
                f"Đã tiếp nhận hồ sơ {dossier.code}; hẹn trả kết quả ngày {dossier.due_date:%d/%m/%Y}{due}.",
            )
            return redirect(f"{inspect_url(dossier)}?vua-tiep-nhan=1")
    return TemplateResponse(
        request,
        "forms/admin/counter_intake.html",
        {
            "procedure": procedure,
            "form": form,
            "change_url": reverse("forms_counter_intake"),
        },
        status=400 if request.method == "POST" else 200,
    )


def _commune(communes: list, site_id: int | None):
    """The commune that registers the dossier: the officer's only one, or the one chosen of theirs."""
    if len(communes) == 1:
        return communes[0]
    return next(site for site in communes if site.pk == site_id)


def _choose_procedure(request):
    query = request.GET.get("q", "").strip()
    results, error = None, ""
    if query:
        try:
            # An officer of one commune finds only the procedures it carries out (issue #17).
            communes = staff_communes(request.user)
            site = communes[0] if len(communes) == 1 else None
            results = procedure_search(query, page_size=RESULTS_SHOWN, site=site)
        except SearchError as exc:
            error = str(exc)
    return TemplateResponse(
        request,
        "forms/admin/counter_intake.html",
        {"query": query, "results": results, "search_error": error, "parameter": PROCEDURE_PARAMETER},
    )
