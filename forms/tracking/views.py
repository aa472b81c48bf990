"""Public views of tracking: look a dossier up by code and phone, follow it, answer a supplement request."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from forms.files.views import render_too_large, request_too_large
from forms.lifecycle import selectors as lifecycle_selectors
from forms.lifecycle.services import dossier_transition
from forms.models import DossierStatus
from forms.tracking.forms import LookupForm, SupplementForm
from forms.tracking.ratelimit import rate_limit_hit
from forms.tracking.selectors import dossier_by_token_or_404, dossier_lookup


@never_cache
def tracking_lookup(request):
    """/tra-cuu-ho-so/: code + phone → the dossier's page; a mismatch says nothing more."""
    form = LookupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if rate_limit_hit(request, scope="tracking"):
            form = LookupForm()
            return render(request, "forms/tracking_lookup.html", {"form": form, "rate_limited": True}, status=429)
        if form.is_valid():
            dossier = dossier_lookup(code=form.cleaned_data["code"], phone=form.cleaned_data["phone"])
            if dossier:
                return redirect("forms:dossier_detail", token=dossier.access_token)
            form.add_error(None, "Không tìm thấy hồ sơ với mã hồ sơ và số điện thoại này. Hãy kiểm tra lại.")
            status = 404
    return render(request, "forms/tracking_lookup.html", {"form": form}, status=status)


# The citizen's answer to a request: to complete before reception (Mẫu 02) the dossier goes back to
# "Chờ tiếp nhận" for the officer's check; to supplement during processing it resumes processing.
CITIZEN_ANSWERS = {
    DossierStatus.COMPLETION_REQUESTED: DossierStatus.AWAITING_RECEPTION,
    DossierStatus.SUPPLEMENT_REQUESTED: DossierStatus.PROCESSING,
}
ANSWERED_MESSAGES = {
    DossierStatus.AWAITING_RECEPTION: (
        "Đã nhận giấy tờ bổ sung, hoàn thiện. Bộ phận Một cửa sẽ kiểm tra lại để tiếp nhận."
    ),
    DossierStatus.PROCESSING: "Đã nhận giấy tờ bổ sung. Hồ sơ được chuyển lại để giải quyết.",
}


@never_cache
def dossier_detail(request, token: str):
    """The tracking page of one dossier: timeline, due date, delivery, files, supplement upload."""
    dossier = dossier_by_token_or_404(token)
    if request.method == "POST" and request_too_large(request):
        return render_too_large(request, back_url=request.path)
    supplement_form = None
    answers = CITIZEN_ANSWERS.get(dossier.status)
    if answers is not None:
        supplement_form = SupplementForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and supplement_form.is_valid():
            try:
                dossier_transition(
                    dossier=dossier,
                    to_status=answers,
                    actor=None,
                    note=supplement_form.cleaned_data["note"],
                    attachments=supplement_form.attachments(),
                )
            except ValidationError as error:
                for message in error.messages:
                    supplement_form.add_error(None, message)
            else:
                messages.success(request, ANSWERED_MESSAGES[answers])
                return redirect("forms:dossier_detail", token=token)
    elif request.method == "POST":
        messages.info(request, "Hồ sơ hiện không cần bổ sung giấy tờ.")
        return redirect("forms:dossier_detail", token=token)
    timeline = list(lifecycle_selectors.dossier_timeline(dossier=dossier))
    supplement_request = next((e for e in reversed(timeline) if e.to_status == dossier.status), None)
    return render(
        request,
        "forms/dossier_detail.html",
        {
            "dossier": dossier,
            "timeline": timeline,
            "attachments": dossier.attachments.all(),
            "supplement_form": supplement_form,
            "supplement_request": supplement_request,
        },
    )
