"""Public views of tracking: look a dossier up by code and phone, follow it, answer a supplement request."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cms.communes import commune_for_request
from forms.communes import site_dossier_code_prefix
from forms.files.views import render_too_large, request_too_large
from forms.lifecycle import selectors as lifecycle_selectors
from forms.models import DossierRating
from forms.ratings.forms import RatingForm
from forms.ratings.services import dossier_can_rate, dossier_rate
from forms.tracking.access import (
    LIMIT_SCOPE,
    AccessRefused,
    access_required_redirect,
    dossier_access_by_phone,
    dossier_access_granted,
    dossier_access_remember,
)
from forms.tracking.forms import AccessForm, LookupForm, SupplementForm
from forms.tracking.ratelimit import limit_exceeded, limit_record_failure
from forms.tracking.selectors import dossier_by_token_or_404, dossier_lookup, normalize_dossier_code
from forms.tracking.services import CITIZEN_ANSWERS, dossier_request_answer

LIMITED_MESSAGE = "Ông/bà đã nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút (tối đa một giờ)."


@never_cache
def tracking_lookup(request):
    """/tra-cuu-ho-so/: code + phone → the dossier's page, opened; a mismatch says nothing more.

    Only wrong answers count against the limits (per client address and per dossier code).
    """
    code_prefix = site_dossier_code_prefix(commune_for_request(request))
    form = LookupForm(request.POST or None, code_prefix=code_prefix)
    status = 200
    if request.method == "POST" and form.is_valid():
        code = normalize_dossier_code(form.cleaned_data["code"])
        if limit_exceeded(request, scope=LIMIT_SCOPE, target=code):
            context = {"form": LookupForm(code_prefix=code_prefix), "rate_limited": True}
            return render(request, "forms/tracking_lookup.html", context, status=429)
        dossier = dossier_lookup(code=code, phone=form.cleaned_data["phone"])
        if dossier:
            dossier_access_remember(request, dossier=dossier)
            return redirect("forms:dossier_detail", token=dossier.access_token)
        limit_record_failure(request, scope=LIMIT_SCOPE, target=code)
        form.add_error(None, "Không tìm thấy hồ sơ với mã hồ sơ và số điện thoại này. Hãy kiểm tra lại.")
        status = 404
    return render(request, "forms/tracking_lookup.html", {"form": form}, status=status)


def _safe_next(request, dossier) -> str:
    """Where to go after the phone check: a page of this dossier's link only."""
    target = request.POST.get("next") or request.GET.get("tiep") or ""
    base = reverse("forms:dossier_detail", kwargs={"token": dossier.access_token})
    if target.startswith(base) and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return target
    return base


def _render_detail(request, dossier, *, access_form=None, status=200, **extra):
    granted = dossier_access_granted(request, dossier=dossier)
    timeline = list(lifecycle_selectors.dossier_timeline(dossier=dossier))
    supplement_request = next((e for e in reversed(timeline) if e.to_status == dossier.status), None)
    context = {
        "dossier": dossier,
        "timeline": timeline,
        "access_granted": granted,
        "personal_hidden": not granted,
        "needs_supplement": dossier.status in CITIZEN_ANSWERS,
        "supplement_request": supplement_request,
        **extra,
    }
    if granted:
        context["attachments"] = dossier.attachments.all()
        context.setdefault("supplement_form", SupplementForm() if dossier.status in CITIZEN_ANSWERS else None)
        if dossier_can_rate(dossier=dossier):
            context.setdefault("rating_form", RatingForm())
        context["rating"] = DossierRating.objects.filter(dossier=dossier).first()
    else:
        context["access_form"] = access_form or AccessForm(initial={"next": _safe_next(request, dossier)})
    return render(request, "forms/dossier_detail.html", context, status=status)


@never_cache
def dossier_detail(request, token: str):
    """The tracking page of one dossier.

    By the link alone: status, timeline (without the officers' notes) and appointment. After the
    phone check, or for the signed-in owner: the applicant, files, papers, notes, the supplement
    upload and the rating (``forms.tracking.access``).
    """
    dossier = dossier_by_token_or_404(token)
    if request.method == "POST" and request_too_large(request):
        return render_too_large(request, back_url=request.path)
    if request.method != "POST":
        return _render_detail(request, dossier)
    if not dossier_access_granted(request, dossier=dossier):
        messages.info(request, "Hãy nhập số điện thoại đã khai khi nộp để gửi giấy tờ bổ sung.")
        return redirect("forms:dossier_detail", token=token)
    if dossier.status not in CITIZEN_ANSWERS:
        messages.info(request, "Hồ sơ hiện không cần bổ sung giấy tờ.")
        return redirect("forms:dossier_detail", token=token)
    supplement_form = SupplementForm(request.POST, request.FILES or None)
    if answered := dossier_request_answer(dossier=dossier, form=supplement_form):
        messages.success(request, answered)
        return redirect("forms:dossier_detail", token=token)
    return _render_detail(request, dossier, supplement_form=supplement_form)


@never_cache
@require_POST
def dossier_access(request, token: str):
    """The phone check of a tracking page: right → back where the citizen was going, opened."""
    dossier = dossier_by_token_or_404(token)
    form = AccessForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, dossier, access_form=form, status=400)
    try:
        dossier_access_by_phone(request, dossier=dossier, phone=form.cleaned_data["phone"])
    except AccessRefused as refused:
        if refused.limited:
            form.add_error(None, LIMITED_MESSAGE)
            return _render_detail(request, dossier, access_form=form, status=429)
        form.add_error("phone", "Số điện thoại không khớp với số đã khai khi nộp hồ sơ.")
        return _render_detail(request, dossier, access_form=form, status=403)
    return redirect(_safe_next(request, dossier))


@never_cache
@require_POST
def dossier_rating(request, token: str):
    """The rating form's target, from the tracking page or "Hồ sơ của tôi" (``next`` says where back)."""
    dossier = dossier_by_token_or_404(token)
    if not dossier_access_granted(request, dossier=dossier):
        return access_required_redirect(request, dossier)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            dossier_rate(dossier=dossier, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
        except ValidationError as error:
            # Rated already, or not returned yet: nothing to correct in the form, say why on the page.
            for message in error.messages:
                messages.error(request, message)
            return redirect("forms:dossier_detail", token=token)
        else:
            messages.success(request, "Cảm ơn ông/bà đã đánh giá. Ý kiến giúp chúng tôi phục vụ tốt hơn.")
            back = request.POST.get("next", "")
            if back and url_has_allowed_host_and_scheme(back, allowed_hosts=None) and back.startswith("/"):
                return redirect(back)
            return redirect("forms:dossier_detail", token=token)
    return _render_detail(request, dossier, rating_form=form, status=400)
