"""Views of the citizen's account; thin, the work is in ``accounts.services`` and ``accounts.selectors``.

Every view here is for a signed-in citizen and reads only through selectors keyed on that citizen:
a number or token of someone else's dossier, draft or document answers 404, like one that does not exist.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.citizens import citizen_required
from accounts.forms import ClaimForm, SavedDocumentForm
from cms.communes import commune_for_request
from forms.communes import site_dossier_code_prefix
from forms.files.views import attachment_response, render_too_large, request_too_large
from forms.models import DossierStatus
from forms.ratings.forms import RatingForm
from forms.tracking.access import LIMIT_SCOPE as TRACKING_LIMIT_SCOPE
from forms.tracking.forms import SupplementForm
from forms.tracking.ratelimit import limit_exceeded, limit_record_failure
from forms.tracking.services import CITIZEN_ANSWERS, dossier_request_answer

RATE_LIMITED_MESSAGE = "Ông/bà đã nhập sai quá nhiều lần. Hãy thử lại sau ít phút."


def _supplement_form(dossier, data=None, files=None) -> SupplementForm:
    return SupplementForm(data, files, prefix=f"bo-sung-{dossier.pk}")


def _claim_form(request, data=None) -> ClaimForm:
    # The example code carries the prefix of the commune the page is asked on (issue #17).
    return ClaimForm(data, code_prefix=site_dossier_code_prefix(commune_for_request(request)))


def _render_home(request, *, claim_form=None, supplement_forms=None, claim_message: str = "", status: int = 200):
    user = request.user
    supplement_forms = supplement_forms or {}
    items = []
    for row in selectors.citizen_dossier_rows(user=user):
        form = None
        if row.awaits_answer:
            form = supplement_forms.get(row.dossier.pk) or _supplement_form(row.dossier)
        rating_form = None
        if row.dossier.status == DossierStatus.RETURNED and not selectors.dossier_rated(dossier=row.dossier):
            rating_form = RatingForm(auto_id=f"danh-gia-{row.dossier.pk}-%s")
        items.append({"row": row, "dossier": row.dossier, "supplement_form": form, "rating_form": rating_form})
    context = {
        "items": items,
        "drafts": selectors.citizen_drafts(user=user, current_site=commune_for_request(request)),
        "saved_count": selectors.citizen_saved_documents(user=user).count(),
        "claim_form": claim_form or _claim_form(request),
        "claim_message": claim_message,
    }
    return render(request, "accounts/home.html", context, status=status)


@citizen_required
def my_dossiers(request):
    """/tai-khoan/: "Hồ sơ của tôi", the citizen's dossiers, drafts, the counter's requests and results."""
    return _render_home(request)


@citizen_required
@require_POST
def dossier_claim(request):
    """ "Thêm hồ sơ đã nộp": add a dossier sent without an account, proven by its code and phone.

    Wrong answers share the tracking lookup's budget (per client address and per dossier code), so
    the two doors together allow no more guesses than one; right answers cost nothing.
    """
    form = _claim_form(request, request.POST)
    if form.is_valid():
        code = form.cleaned_data["code"]
        if limit_exceeded(request, scope=TRACKING_LIMIT_SCOPE, target=code):
            return _render_home(request, claim_message=RATE_LIMITED_MESSAGE, status=429)
        try:
            dossier = services.dossier_claim(user=request.user, code=code, phone=form.cleaned_data["phone"])
        except ValidationError as error:
            if error.code == "not_found":
                limit_record_failure(request, scope=TRACKING_LIMIT_SCOPE, target=code)
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Đã thêm hồ sơ {dossier.code} vào tài khoản.")
            return redirect(f"{reverse('accounts:home')}#ho-so-{dossier.pk}")
    return _render_home(request, claim_form=form, status=400)


@citizen_required
@require_POST
def dossier_supplement(request, pk: int):
    """Answer the counter's request to complete or supplement one of the citizen's dossiers, from the account."""
    dossier = selectors.citizen_dossier(user=request.user, pk=pk)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    if request_too_large(request):
        return render_too_large(request, back_url=reverse("accounts:home"))
    if dossier.status not in CITIZEN_ANSWERS:
        messages.info(request, "Hồ sơ hiện không cần bổ sung giấy tờ.")
        return redirect("accounts:home")
    form = _supplement_form(dossier, request.POST, request.FILES)
    if answered := dossier_request_answer(dossier=dossier, form=form):
        messages.success(request, f"Hồ sơ {dossier.code}: {answered}")
        return redirect(f"{reverse('accounts:home')}#ho-so-{dossier.pk}")
    return _render_home(request, supplement_forms={dossier.pk: form}, status=400)


@citizen_required
def dossier_file(request, dossier_pk: int, pk: int):
    """A file of one of the citizen's dossiers (the electronic result above all); owner only."""
    attachment = selectors.citizen_attachment(user=request.user, dossier_pk=dossier_pk, pk=pk)
    if attachment is None:
        raise Http404("Không tìm thấy tệp.")
    return attachment_response(attachment)


@citizen_required
def saved_documents(request):
    """/tai-khoan/giay-to/: the papers kept in the account, to add, download and delete."""
    form = SavedDocumentForm()
    status = 200
    if request.method == "POST":
        if request_too_large(request):
            return render_too_large(request, back_url=request.path)
        form = SavedDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                document = services.saved_document_create(
                    owner=request.user, label=form.cleaned_data["label"], file=upload, name=upload.name
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, f"Đã lưu “{document.label}”.")
                return redirect("accounts:documents")
        status = 400
    context = {"documents": selectors.citizen_saved_documents(user=request.user), "form": form}
    return render(request, "accounts/documents.html", context, status=status)


@citizen_required
def saved_document_file(request, pk: int):
    """A saved document's file, for its owner only."""
    document = selectors.citizen_saved_document(user=request.user, pk=pk)
    if document is None:
        raise Http404("Không tìm thấy giấy tờ.")
    return attachment_response(document)


@citizen_required
@require_POST
def saved_document_delete(request, pk: int):
    """Delete a saved document (dossiers it was attached to keep their own copy)."""
    document = selectors.citizen_saved_document(user=request.user, pk=pk)
    if document is None:
        raise Http404("Không tìm thấy giấy tờ.")
    services.saved_document_delete(owner=request.user, document=document)
    messages.success(request, f"Đã xóa “{document.label}”. Các hồ sơ đã nộp vẫn giữ bản của mình.")
    return redirect("accounts:documents")
