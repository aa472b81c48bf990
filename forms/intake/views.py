"""Public views of the intake around the wizard: confirmation, draft resume, address data."""

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from forms.intake.drafts import live_draft, session_draft_remember
from forms.intake.fields import commune_choices, province_name
from forms.models import Draft
from forms.tracking.selectors import dossier_by_token_or_404


@never_cache
def dossier_confirmation(request, token: str):
    """After submitting: the code, the appointment date, what happens next, the receipt."""
    dossier = dossier_by_token_or_404(token)
    return render(
        request,
        "forms/dossier_confirmation.html",
        {"dossier": dossier, "form_page": dossier.form_page, "attachments": dossier.attachments.all()},
    )


@never_cache
def draft_resume(request, token: str):
    """Open a saved draft from its link (any device) and continue where it stopped."""
    draft = Draft.objects.filter(token=token).select_related("form_page").first()
    if draft is None or live_draft(token=token, page_id=draft.form_page_id) is None or not draft.form_page.live:
        return render(request, "forms/draft_missing.html", status=404)
    session_draft_remember(request, page_id=draft.form_page_id, token=draft.token)
    return redirect(draft.form_page.specific.url)


@require_GET
def communes(request, province_code: str):
    """Communes of a province as JSON, for the address fields' second select."""
    if not province_name(province_code):
        raise Http404("Không có tỉnh, thành phố này.")
    response = JsonResponse({"communes": [{"code": c, "name": n} for c, n in commune_choices(province_code)]})
    response["Cache-Control"] = "public, max-age=86400"
    return response
