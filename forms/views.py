"""Public views: the submission wizard, confirmation, receipt, tracking, files, draft resume.

Views stay thin: they read with selectors, act with services and render templates.
"""

from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import WizardView

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe

from forms import selectors, services
from forms.charts import statistics_month_chart
from forms.fields import commune_choices, province_name
from forms.models import Dossier, DossierAttachment, DossierStatus
from forms.ratelimit import rate_limit_hit
from forms.receipts import receipt_pdf
from forms.statistics import (
    STATISTICS_CACHE_SECONDS,
    StatisticsPeriodForm,
    dossier_statistics_cached,
    dossier_statistics_years,
    period_last_months,
    period_year,
)
from forms.steps import (
    STEP_APPLICANT,
    STEP_CONFIRM,
    STEP_DELIVERY,
    STEP_DOCUMENTS,
    STEP_REVIEW,
    ApplicantForm,
    ConfirmForm,
    DeliveryForm,
    DocumentsForm,
    ReviewForm,
    StepForm,
    declaration_date_rules,
    declaration_field_labels,
    declaration_form_class,
)
from forms.storage import private_storage
from forms.tracking import LookupForm, SupplementForm
from forms.wizard_storage import live_draft, session_draft_forget, session_draft_remember

TAMPERED_MESSAGE = (
    "Không thể chuyển tới bước này vì các bước trước chưa hoàn thành hoặc dữ liệu gửi lên không hợp lệ. "
    "Mời ông/bà tiếp tục từ bước đang hiển thị; các thông tin đã nhập vẫn được giữ."
)
# Which wizard step shows a service error about a given field.
ERROR_STEPS = {
    "full_name": STEP_APPLICANT,
    "id_number": STEP_APPLICANT,
    "phone": STEP_APPLICANT,
    "email": STEP_APPLICANT,
    "delivery_method": STEP_DELIVERY,
    "delivery_address": STEP_DELIVERY,
    "extra_copies": STEP_DELIVERY,
    "attachments": STEP_DOCUMENTS,
}


def build_form_list(page) -> list[tuple[str, type]]:
    """The wizard's steps for ``page``, standard ones around the editor's declaration steps."""
    steps = page.declaration_steps
    labels, rules = declaration_field_labels(steps), declaration_date_rules(steps)
    declaration = [
        (name, declaration_form_class(value, field_labels=labels, date_rules=rules)) for name, value in steps
    ]
    return [
        (STEP_APPLICANT, ApplicantForm),
        *declaration,
        (STEP_DOCUMENTS, DocumentsForm),
        (STEP_DELIVERY, DeliveryForm),
        (STEP_REVIEW, ReviewForm),
        (STEP_CONFIRM, ConfirmForm),
    ]


def request_too_large(request) -> bool:
    """A body larger than a whole dossier (plus room for the form fields) is refused before parsing."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE + 1024 * 1024


def render_too_large(request, *, back_url: str):
    limit = filesizeformat(settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE)
    return render(request, "forms/upload_too_large.html", {"back_url": back_url, "limit": limit}, status=413)


def submission_wizard_serve(request, *, page):
    """Run the wizard of ``page`` (called from ``SubmissionFormPage.serve``)."""
    if not page.procedure.live:
        return render(request, "forms/form_closed.html", {"page": page}, status=410)
    if request.method == "POST" and request_too_large(request):
        return render_too_large(request, back_url=page.url)
    request.forms_page = page
    response = SubmissionWizard.as_view(form_list=build_form_list(page), page=page)(request)
    add_never_cache_headers(response)
    return response


class SubmissionWizard(WizardView):
    """The multi-step submission form; every POST saves the draft, ``done()`` calls ``dossier_submit``."""

    storage_name = "forms.wizard_storage.DraftStorage"
    template_name = "forms/submission_form_page.html"
    file_storage = private_storage  # formtools insists on one when a step has a FileField; unused
    page = None

    def get_prefix(self, request, *args, **kwargs):
        return f"page-{self.page.pk}"

    # -- state ---------------------------------------------------------------------------------

    @property
    def valid_steps(self) -> list[str]:
        return self.storage.extra_data.get("valid", [])

    def mark_step(self, step: str, valid: bool) -> None:
        extra = dict(self.storage.extra_data)
        done = [s for s in extra.get("valid", []) if s != step]
        if valid:
            done.append(step)
        extra["valid"] = done
        self.storage.extra_data = extra

    def furthest_step(self) -> str:
        """The first step not yet completed: the furthest the citizen may go."""
        for step in self.get_form_list():
            if step not in self.valid_steps:
                return step
        return self.steps.last

    def is_reachable(self, step: str) -> bool:
        steps = list(self.get_form_list())
        return step in steps and steps.index(step) <= steps.index(self.furthest_step())

    def kept_files(self) -> dict:
        draft = self.storage.draft
        return {f.slot: f for f in draft.files.all()} if draft else {}

    # -- forms ---------------------------------------------------------------------------------

    def get_form_kwargs(self, step=None):
        step = step or self.steps.current
        procedure = self.page.procedure
        if step == STEP_DOCUMENTS:
            if not hasattr(self, "_documents"):
                self._documents = list(procedure.required_documents.all())
            return {"documents": self._documents, "kept": self.kept_files()}
        if step == STEP_DELIVERY:
            return {"postal_return": procedure.postal_return, "fee_note": self.page.postal_fee_note}
        if step.startswith("khai-"):
            prior = {}
            for name, _value in self.page.declaration_steps:
                if name == step:
                    break
                prior.update(self.get_cleaned_data_for_step(name) or {})
            return {"prior_answers": prior}
        return {}

    def get_form_initial(self, step):
        if step == STEP_DELIVERY:
            applicant = self.storage.get_step_data(STEP_APPLICANT)
            if applicant:
                values = [applicant.get(f"{STEP_APPLICANT}-address_{i}", "") for i in range(3)]
                return {
                    "address": {"province_code": values[0], "commune_code": values[1], "detail": values[2]},
                    "extra_copies": 0,
                }
        return super().get_form_initial(step)

    def process_step(self, form):
        data = dict(self.get_form_step_data(form).lists())
        data.pop("csrfmiddlewaretoken", None)  # a secret of the session, not an answer: keep it out of drafts
        return data

    def process_step_files(self, form):
        return {}  # files live in DraftFile rows, see post()

    def section_forms(self) -> list[tuple[str, StepForm]]:
        """Valid forms of the answer steps, rebuilt from the draft, for review and the snapshot."""
        sections = []
        for step in self.get_form_list():
            if step in (STEP_REVIEW, STEP_CONFIRM):
                continue
            form = self.get_form(step=step, data=self.storage.get_step_data(step))
            if form.is_valid():
                sections.append((step, form))
        return sections

    # -- requests ------------------------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        wanted = request.GET.get("buoc")
        if wanted and self.is_reachable(wanted):
            self.storage.current_step = wanted
        elif self.storage.current_step not in self.get_form_list():
            self.storage.current_step = self.steps.first
        step = self.steps.current
        return self.render(self.get_form(step=step, data=self.storage.get_step_data(step)))

    def post(self, request, *args, **kwargs):
        management_form = ManagementForm(request.POST, prefix=self.prefix)
        posted = management_form.cleaned_data["current_step"] if management_form.is_valid() else None
        if posted is None or not self.is_reachable(posted):
            return self.render_tampered()
        self.storage.current_step = posted
        step = posted

        form = self.get_form(step=step, data=request.POST, files=request.FILES)
        valid = form.is_valid()
        if step == STEP_DOCUMENTS:
            self.keep_uploads(form)
            form.kept = self.kept_files()  # show the files just kept beside their slots
        # Keep what was typed even when the step fails, so a resumed draft loses nothing.
        self.storage.set_step_data(step, self.process_step(form))
        self.mark_step(step, valid)
        self._forget_caches()

        goto = request.POST.get("wizard_goto_step")
        if goto and goto in self.get_form_list() and (goto != step) and self.is_reachable(goto):
            steps = list(self.get_form_list())
            if steps.index(goto) < steps.index(step) or valid:
                return self.render_goto_step(goto)
        if not valid:
            return self.render(form)
        if step == STEP_APPLICANT:
            self.send_resume_link(form.cleaned_data.get("email"))
        if step == self.steps.last:
            return self.render_done(form, **kwargs)
        return self.render_next_step(form)

    def _forget_caches(self):
        for attr in ("_resolved_form_list", "_cache_signature"):
            self.__dict__.pop(attr, None)
        for attr in [a for a in self.__dict__ if a.startswith("_cleaned_data_cache_")]:
            delattr(self, attr)

    def keep_uploads(self, form) -> None:
        """Store every upload that passed its own checks, whatever happened to the other slots."""
        cleaned = getattr(form, "cleaned_data", {})
        for name, upload in cleaned.items():
            if upload and name not in form.errors:
                draft = self.storage.ensure_draft()
                services.draft_file_put(draft=draft, slot=form.slot_of(name), upload=upload)

    def send_resume_link(self, email: str | None) -> None:
        if email:
            draft = self.storage.ensure_draft()
            services.draft_send_resume_link(draft=draft, email=email, resume_url=self.resume_url())

    def resume_url(self) -> str:
        draft = self.storage.draft
        if not draft:
            return ""
        return self.request.build_absolute_uri(reverse("forms:draft_resume", kwargs={"token": draft.token}))

    def render_tampered(self):
        step = self.furthest_step() if self.storage.current_step not in self.get_form_list() else self.steps.current
        self.storage.current_step = step
        form = self.get_form(step=step, data=self.storage.get_step_data(step))
        return self.render(form, tampered_message=TAMPERED_MESSAGE)

    def render_goto_step(self, goto_step, **kwargs):
        self.storage.current_step = goto_step
        form = self.get_form(step=goto_step, data=self.storage.get_step_data(goto_step))
        return self.render(form, **kwargs)

    def render_next_step(self, form, **kwargs):
        next_step = self.steps.next
        self.storage.current_step = next_step
        data = self.storage.get_step_data(next_step)
        return self.render(self.get_form(step=next_step, data=data), **kwargs)

    def render_revalidation_failure(self, failed_step, form, **kwargs):
        self.storage.current_step = failed_step
        return self.render(form, **kwargs)

    def render_done(self, form, **kwargs):
        final_forms = {}
        for step in self.get_form_list():
            step_form = self.get_form(step=step, data=self.storage.get_step_data(step))
            if not step_form.is_valid():
                self.mark_step(step, False)
                return self.render_revalidation_failure(step, step_form, **kwargs)
            final_forms[step] = step_form
        return self.done(list(final_forms.values()), form_dict=final_forms, **kwargs)

    def done(self, form_list, form_dict=None, **kwargs):
        applicant_form = form_dict[STEP_APPLICANT]
        delivery = form_dict[STEP_DELIVERY].cleaned_data
        answers = {}
        for name, _value in self.page.declaration_steps:
            answers.update(form_dict[name].answers())
        draft = self.storage.ensure_draft()
        if already := Dossier.objects.filter(submission_key=draft.token).first():
            return self.finish(draft, already)  # a second click on "Nộp hồ sơ"
        files = list(draft.files.all())
        documents = {str(doc.pk): doc for doc in self.page.procedure.required_documents.all()}
        attachments = []
        for kept in files:
            if kept.slot not in documents:
                continue
            try:
                kept.file.open("rb")
            except FileNotFoundError:
                # A simultaneous click submitted this draft and removed its files meanwhile.
                if already := Dossier.objects.filter(submission_key=draft.token).first():
                    return self.finish(draft, already)
                raise
            attachments.append(
                services.AttachmentInput(
                    slot=kept.slot, label=documents[kept.slot].name, name=kept.original_name, file=kept.file
                )
            )
        snapshot = [
            {"step": step, "title": step_form.title, "rows": [list(row) for row in step_form.rows()]}
            for step, step_form in self.section_forms()
        ]
        try:
            dossier = services.dossier_submit(
                form_page=self.page,
                applicant=applicant_form.answers(),
                answers=answers,
                snapshot=snapshot,
                attachments=attachments,
                delivery_method=delivery["method"],
                delivery_address=delivery.get("address"),
                extra_copies=delivery.get("extra_copies") or 0,
                submission_key=draft.token,
            )
        except ValidationError as error:
            return self.render_service_error(error)
        finally:
            for item in attachments:
                item.file.close()
        return self.finish(draft, dossier)

    def finish(self, draft, dossier: Dossier):
        """Drop the draft (and its files) and show the confirmation page."""
        self.storage.finished = True
        services.draft_delete(draft=draft)
        session_draft_forget(self.request, page_id=self.page.pk)
        return HttpResponseRedirect(reverse("forms:dossier_confirmation", kwargs={"token": dossier.access_token}))

    def render_service_error(self, error: ValidationError):
        details = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        step = STEP_CONFIRM
        for field in details:
            candidate = STEP_DOCUMENTS if field.startswith("doc_") else ERROR_STEPS.get(field)
            if candidate:
                step = candidate
                break
        self.mark_step(step, False)
        self.storage.current_step = step
        form = self.get_form(step=step, data=self.storage.get_step_data(step))
        form.is_valid()
        for field, field_messages in details.items():
            target = field if field in form.fields else None
            for message in field_messages:
                form.add_error(target, message)
        return self.render(form)

    # -- context -------------------------------------------------------------------------------

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        steps = list(self.get_form_list().items())
        current = self.steps.current
        current_index = [name for name, _ in steps].index(current)
        nav = []
        for index, (name, form_class) in enumerate(steps):
            title = form.title if name == current else getattr(form_class, "title", "")
            if name == STEP_DOCUMENTS:
                title = DocumentsForm.title
            state = "current" if index == current_index else ("done" if name in self.valid_steps else "todo")
            nav.append(
                {"name": name, "title": title, "number": index + 1, "state": state, "link": self.is_reachable(name)}
            )
        context.update(
            {
                "page": self.page,
                "self": self.page,
                "procedure": self.page.procedure,
                "step_nav": nav,
                "step_number": current_index + 1,
                "step_count": len(steps),
                "resume_url": self.resume_url(),
                "is_first_step": current_index == 0,
            }
        )
        if current in (STEP_REVIEW, STEP_CONFIRM):
            context["sections"] = [
                {"step": step, "title": step_form.title, "rows": step_form.rows()}
                for step, step_form in self.section_forms()
            ]
        return context


# -- confirmation, receipt, tracking -------------------------------------------------------------


def _dossier_or_404(token: str) -> Dossier:
    dossier = selectors.dossier_by_token(token=token)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    return dossier


@never_cache
def dossier_confirmation(request, token: str):
    """After submitting: the code, the appointment date, what happens next, the receipt."""
    dossier = _dossier_or_404(token)
    return render(
        request,
        "forms/dossier_confirmation.html",
        {"dossier": dossier, "form_page": dossier.form_page, "attachments": dossier.attachments.all()},
    )


@never_cache
def dossier_receipt(request, token: str):
    """The receipt "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" as a PDF with a QR code."""
    dossier = _dossier_or_404(token)
    pdf = receipt_pdf(dossier=dossier, tracking_url=services.dossier_tracking_url(dossier))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="giay-tiep-nhan-{dossier.code}.pdf"'
    return response


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
            dossier = selectors.dossier_lookup(code=form.cleaned_data["code"], phone=form.cleaned_data["phone"])
            if dossier:
                return redirect("forms:dossier_detail", token=dossier.access_token)
            form.add_error(None, "Không tìm thấy hồ sơ với mã hồ sơ và số điện thoại này. Hãy kiểm tra lại.")
            status = 404
    return render(request, "forms/tracking_lookup.html", {"form": form}, status=status)


@never_cache
def dossier_detail(request, token: str):
    """The tracking page of one dossier: timeline, due date, delivery, files, supplement upload."""
    dossier = _dossier_or_404(token)
    if request.method == "POST" and request_too_large(request):
        return render_too_large(request, back_url=request.path)
    supplement_form = None
    if dossier.status == DossierStatus.SUPPLEMENT_REQUESTED:
        supplement_form = SupplementForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and supplement_form.is_valid():
            try:
                services.dossier_transition(
                    dossier=dossier,
                    to_status=DossierStatus.PROCESSING,
                    actor=None,
                    note=supplement_form.cleaned_data["note"],
                    attachments=supplement_form.attachments(),
                )
            except ValidationError as error:
                for message in error.messages:
                    supplement_form.add_error(None, message)
            else:
                messages.success(request, "Đã nhận giấy tờ bổ sung. Hồ sơ được chuyển lại để giải quyết.")
                return redirect("forms:dossier_detail", token=token)
    elif request.method == "POST":
        messages.info(request, "Hồ sơ hiện không cần bổ sung giấy tờ.")
        return redirect("forms:dossier_detail", token=token)
    timeline = list(selectors.dossier_timeline(dossier=dossier))
    supplement_request = next(
        (e for e in reversed(timeline) if e.to_status == DossierStatus.SUPPLEMENT_REQUESTED), None
    )
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


def _file_response(attachment: DossierAttachment):
    handle = attachment.file.storage.open(attachment.file.name, "rb")
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    add_never_cache_headers(response)
    return response


def attachment_download(request, token: str, pk: int):
    """A dossier file, for whoever holds the dossier's token."""
    dossier = _dossier_or_404(token)
    attachment = dossier.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404("Không tìm thấy tệp.")
    return _file_response(attachment)


def attachment_download_staff(request, pk: int):
    """A dossier file, for staff allowed to see dossiers (the back office links here)."""
    if not request.user.is_authenticated or not request.user.has_perm("forms.view_dossier"):
        raise Http404("Không tìm thấy tệp.")
    attachment = DossierAttachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404("Không tìm thấy tệp.")
    return _file_response(attachment)


@never_cache
def draft_resume(request, token: str):
    """Open a saved draft from its link (any device) and continue where it stopped."""
    from forms.models import Draft

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


@require_safe
@cache_control(public=True, max_age=STATISTICS_CACHE_SECONDS)
def statistics(request):
    """/thong-ke-ho-so/: dossiers received, resolved on time / late and in progress, by month and sector.

    Public and the same for everyone (aggregates only, no personal data), so shared caches may keep
    it; the figures themselves are cached for as long. ``?nam=2025`` shows a calendar year, no value
    the last twelve months; a value that is not a listed year is explained next to the field
    (status 400) and the last twelve months are shown.
    """
    today = timezone.localdate()
    form = StatisticsPeriodForm(request.GET or None, years=dossier_statistics_years(today=today))
    year = form.cleaned_data["nam"] if form.is_bound and form.is_valid() else None
    start, end = period_year(year=year, today=today) if year else period_last_months(today=today)
    figures = dossier_statistics_cached(start=start, end=end)
    context = {
        "form": form,
        "year": year,
        "statistics": figures,
        "chart": statistics_month_chart(figures),
    }
    return render(request, "forms/statistics.html", context, status=400 if form.errors else 200)
