"""Public views of the intake around the wizard: confirmation, draft resume, address data."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.citizens import citizen_of
from cms.communes import commune_for_request
from cms.selectors import local_procedure, procedure_carried_out
from forms.intake import selectors
from forms.intake.drafts import draft_flow, live_draft, session_draft_remember
from forms.intake.fields import commune_choices, province_name
from forms.intake.flows import flow_for_procedure, procedure_accepts_dossiers
from forms.intake.wizard import submission_wizard_serve
from forms.models import Draft
from forms.models.pages import DEFAULT_NEXT_STEPS
from forms.tracking.access import dossier_access_granted
from forms.tracking.selectors import dossier_by_token_or_404


@never_cache
def dossier_confirmation(request, token: str):
    """After submitting: the code, the appointment date, what happens next, the receipt.

    The session that submitted sees everything; the same link opened elsewhere hides the
    applicant's details and the papers, as the tracking page does (``forms.tracking.access``).
    """
    dossier = dossier_by_token_or_404(token)
    granted = dossier_access_granted(request, dossier=dossier)
    return render(
        request,
        "forms/dossier_confirmation.html",
        {
            "dossier": dossier,
            "next_steps": dossier.form_page.next_steps if dossier.form_page else DEFAULT_NEXT_STEPS,
            "personal_hidden": not granted,
        },
    )


@never_cache
def draft_resume(request, token: str):
    """Open a saved draft from its link (any device) and continue where it stopped.

    A signed-in citizen's draft ("Hồ sơ của tôi" links here) opens only when signed in as them.
    """
    draft = Draft.objects.filter(token=token).select_related("form_page", "procedure").first()
    flow = draft_flow(draft) if draft is not None else None
    if flow is None or live_draft(token=token, flow=flow) is None or not flow.live:
        return render(request, "forms/draft_missing.html", status=404)
    if draft.owner_id is not None:
        # A draft begun signed in opens only for its owner, even with the link.
        citizen = citizen_of(request)
        if citizen is None and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if citizen is None or citizen.pk != draft.owner_id:
            return render(request, "forms/draft_missing.html", status=404)
    session_draft_remember(request, flow=flow, token=draft.token)
    return redirect(flow.url)


def standard_submission(request, code: str):
    """/nop-ho-so/<mã thủ tục>/: the standard flow of a procedure that has no editor-built form.

    A procedure with a live form sends the citizen there; one that can only be done in person
    answers with its page, which says where and when to go.
    """
    procedure = selectors.procedure_by_code(code=code)
    if procedure is None:
        raise Http404("Không tìm thấy thủ tục.")
    site = commune_for_request(request)
    if not procedure_carried_out(procedure, site=site):
        # Issue #17: the commune of this host does not carry the procedure out; say whom to ask.
        context = {"procedure": procedure, "local_procedure": local_procedure(procedure, site=site)}
        return render(request, "forms/procedure_not_carried_out.html", context, status=404)
    form_page = selectors.submission_form_for_procedure(procedure=procedure, site=site)
    if form_page is not None:
        return redirect(form_page.get_url(request))
    if not procedure_accepts_dossiers(procedure):
        return redirect(procedure.get_url(request))
    return submission_wizard_serve(request, flow=flow_for_procedure(procedure))


@require_GET
def communes(request, province_code: str):
    """Communes of a province as JSON, for the address fields' second select."""
    if not province_name(province_code):
        raise Http404("Không có tỉnh, thành phố này.")
    response = JsonResponse({"communes": [{"code": c, "name": n} for c, n in commune_choices(province_code)]})
    response["Cache-Control"] = "public, max-age=86400"
    return response
