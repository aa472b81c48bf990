"""The submission wizard (django-formtools): applicant → declaration → documents → delivery → review → commitment.

Post/redirect/get: every step is posted, stored in the server-side draft and answered with a
redirect to a GET of the step to show (the next one, the same one with its errors, or the review
after a "Sửa"), so the browser's Back and Forward never resubmit a form. Errors show only on a step
the citizen has submitted. Typing is also saved while it happens (``autosave``), without files.
"""

import logging

from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import WizardView

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.utils import ErrorDict
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from accounts import selectors as account_selectors
from accounts.services import saved_documents_keep_from_dossier
from cms.communes import commune_for_request
from forms.files.services import AttachmentInput
from forms.files.storage import private_storage
from forms.files.views import render_too_large, request_too_large
from forms.intake import services
from forms.intake.documents import document_listing, document_slots
from forms.intake.drafts import session_draft_forget
from forms.intake.flows import SubmissionFlow
from forms.intake.steps import (
    STEP_APPLICANT,
    STEP_CONFIRM,
    STEP_DELIVERY,
    STEP_DOCUMENTS,
    STEP_REQUEST,
    STEP_REVIEW,
    ApplicantForm,
    ConfirmForm,
    DeliveryForm,
    DocumentsForm,
    RequestForm,
    ReviewForm,
    StepForm,
    declaration_date_rules,
    declaration_field_labels,
    declaration_form_class,
)
from forms.models import Dossier, Draft, SubmissionChannel
from forms.payments.fees import AmountDue, fee_cases, fee_channel, format_dong, procedure_amount_due
from forms.tracking.access import dossier_access_remember
from portal.inputs import ControlCharacterValidator, strip_control_characters

logger = logging.getLogger(__name__)

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
    "fee_case": STEP_DELIVERY,
    "attachments": STEP_DOCUMENTS,
    "channel": STEP_DOCUMENTS,
}
TAMPERED_PARAM = "chuyen-buoc-loi"  # set on the redirect after a post to a step out of reach
EDIT_PARAM = "sua"
SENT_SESSION_KEY = "forms_sent"  # "?buoc=<step>&sua=1": the review's "Sửa" links; a valid post returns to the review


def build_form_list(flow: SubmissionFlow) -> list[tuple[str, type]]:
    """The wizard's steps for ``flow``, standard ones around the editor's declaration steps."""
    steps = flow.declaration_steps
    labels, rules = declaration_field_labels(steps), declaration_date_rules(steps)
    declaration = [
        (name, declaration_form_class(value, field_labels=labels, date_rules=rules)) for name, value in steps
    ]
    if not declaration:  # the standard flow: the request in the citizen's words
        declaration = [(STEP_REQUEST, RequestForm)]
    return [
        (STEP_APPLICANT, ApplicantForm),
        *declaration,
        (STEP_DOCUMENTS, DocumentsForm),
        (STEP_DELIVERY, DeliveryForm),
        (STEP_REVIEW, ReviewForm),
        (STEP_CONFIRM, ConfirmForm),
    ]


def submission_wizard_serve(request, *, flow: SubmissionFlow):
    """Run the wizard of ``flow`` (an editor-built form page, or a procedure's standard flow)."""
    if not flow.live:
        return render(request, "forms/form_closed.html", {"page": flow, "procedure": flow.procedure}, status=410)
    if request.method == "POST" and request_too_large(request):
        return render_too_large(request, back_url=flow.url_for(request))
    request.forms_flow = flow
    response = SubmissionWizard.as_view(form_list=build_form_list(flow), flow=flow)(request)
    add_never_cache_headers(response)
    return response


class SubmissionWizard(WizardView):
    """The multi-step submission form; every POST saves the draft, ``done()`` calls ``dossier_submit``."""

    storage_name = "forms.intake.drafts.DraftStorage"
    template_name = "forms/submission_form_page.html"
    file_storage = private_storage  # formtools insists on one when a step has a FileField; unused
    flow: SubmissionFlow | None = None

    def get_prefix(self, request, *args, **kwargs):
        return self.flow.key

    # -- state ---------------------------------------------------------------------------------

    def _extra(self, name: str, default):
        return self.storage.extra_data.get(name, default)

    def _set_extra(self, **values) -> None:
        extra = dict(self.storage.extra_data)
        extra.update(values)
        self.storage.extra_data = extra

    @property
    def valid_steps(self) -> list[str]:
        return self._extra("valid", [])

    @property
    def submitted_steps(self) -> list[str]:
        """Steps the citizen has sent with "Tiếp tục": only these show their errors."""
        return self._extra("submitted", [])

    def mark_step(self, step: str, valid: bool) -> None:
        done = [s for s in self.valid_steps if s != step]
        if valid:
            done.append(step)
        self._set_extra(valid=done)

    def mark_submitted(self, step: str) -> None:
        if step not in self.submitted_steps:
            self._set_extra(submitted=[*self.submitted_steps, step])

    def furthest_step(self) -> str:
        """The first step not yet completed: the furthest the citizen may go."""
        for step in self.get_form_list():
            if step not in self.valid_steps:
                return step
        return self.steps.last

    def is_reachable(self, step: str) -> bool:
        steps = list(self.get_form_list())
        return step in steps and steps.index(step) <= steps.index(self.furthest_step())

    @property
    def owner(self):
        """The signed-in citizen submitting (drafts and the dossier are listed in their account), or None."""
        return self.storage.owner

    def saved_documents(self) -> list:
        if not hasattr(self, "_saved_documents"):
            owner = self.owner
            self._saved_documents = list(account_selectors.citizen_saved_documents(user=owner)) if owner else []
        return self._saved_documents

    def kept_files(self) -> dict:
        draft = self.storage.draft
        return {f.slot: f for f in draft.files.all()} if draft else {}

    # -- fees (issue 13) -----------------------------------------------------------------------

    @property
    def fee_items(self) -> list:
        if not hasattr(self, "_fee_items"):
            from cms.selectors import procedure_fee_items

            # The commune's own items where its fees differ from the catalogue's (issue #17).
            self._fee_items = list(procedure_fee_items(self.flow.procedure, commune_for_request(self.request)))
        return self._fee_items

    def submission_channel(self) -> str:
        """The channel chosen on the documents step (as ``DocumentsForm.channel`` reads it), from the draft."""
        data = self.storage.get_step_data(STEP_DOCUMENTS) or {}
        chosen = data.get(f"{STEP_DOCUMENTS}-channel")
        if isinstance(chosen, (list, tuple)):
            chosen = chosen[-1] if chosen else ""
        procedure = self.flow.procedure
        if procedure.accepts_online and procedure.postal_submission and chosen in SubmissionChannel.values:
            return chosen
        if procedure.accepts_online or not procedure.postal_submission:
            return SubmissionChannel.ONLINE
        return SubmissionChannel.POST

    def extra_copies(self, forms_by_step: dict) -> int:
        """Extra copies asked for: on the delivery step, or in the declaration when it asks itself."""
        if self.flow.asks_copies():
            answers = {}
            for name, _value in self.flow.declaration_steps:
                if name in forms_by_step:
                    answers.update(forms_by_step[name].answers())
            copies = next((answers[k] for k in ("copies", "so_ban_sao") if answers.get(k)), 0)
        else:
            delivery = forms_by_step.get(STEP_DELIVERY)
            copies = delivery.cleaned_data.get("extra_copies") if delivery is not None else 0
        try:
            return max(0, int(copies or 0))
        except (TypeError, ValueError):
            return 0

    def amount_due(self, forms_by_step: dict) -> AmountDue | None:
        """What the dossier will owe, as ``dossier_submit`` computes it; None while the delivery step is not done."""
        delivery = forms_by_step.get(STEP_DELIVERY)
        if delivery is None:
            return None
        try:
            return procedure_amount_due(
                procedure=self.flow.procedure,
                submission_channel=self.submission_channel(),
                case=delivery.fee_case(),
                extra_copies=self.extra_copies(forms_by_step),
                site=commune_for_request(self.request),
            )
        except ValueError:
            return None

    def fees_context(self, forms_by_step: dict) -> dict:
        """The amount due lines and total for the check-your-answers step (``forms/includes/amount_due.html``)."""
        due = self.amount_due(forms_by_step) if self.fee_items else None
        if due is None:
            return {"has_items": False, "text": self.flow.procedure.fees}
        return {
            "has_items": True,
            "lines": [(line.label, format_dong(line.amount) if line.amount else "Miễn") for line in due.lines],
            "total": format_dong(due.total),
            "free": due.total == 0,
        }

    # -- forms ---------------------------------------------------------------------------------

    def get_form_kwargs(self, step=None):
        step = step or self.steps.current
        procedure = self.flow.procedure
        if step == STEP_APPLICANT:
            return {"ask_on_behalf": self.flow.ask_on_behalf}
        if step == STEP_DOCUMENTS:
            if not hasattr(self, "_documents"):
                self._documents = document_slots(
                    procedure=procedure, form_page=self.flow.form_page, replaces_eform=bool(self.flow.declaration_steps)
                )
                self._listing = document_listing(procedure=procedure)
            return {
                "documents": self._documents,
                "listing": self._listing,
                "kept": self.kept_files(),
                "online": procedure.accepts_online,
                "postal": procedure.postal_submission,
                "saved": self.saved_documents(),
                "offer_keep": self.owner is not None,
            }
        if step == STEP_DELIVERY:
            return {
                "postal_return": procedure.postal_return,
                "fee_note": self.flow.postal_fee_note,
                "ask_copies": not self.flow.asks_copies(),
                "fee_cases": fee_cases(self.fee_items, channel=fee_channel(self.submission_channel())),
            }
        if step.startswith("khai-"):
            prior = {}
            for name, _value in self.flow.declaration_steps:
                if name == step:
                    break
                prior.update(self.get_cleaned_data_for_step(name) or {})
            return {"prior_answers": prior}
        return {}

    def get_form_initial(self, step):
        if step == STEP_APPLICANT and self.owner is not None:
            # The person submitting is the account holder; whom they submit for is never prefilled.
            if not hasattr(self, "_prefill"):
                self._prefill = account_selectors.applicant_prefill(user=self.owner)
            return dict(self._prefill)
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
        # A saved document picked for a slot is copied into the draft's file for it (``keep_uploads``);
        # the choice itself is not an answer to keep.
        for name in [name for name in data if name.startswith(f"{STEP_DOCUMENTS}-saved_")]:
            data.pop(name)
        # The form refuses control characters next to the field; the draft keeps the rest of what was
        # typed, without them (PostgreSQL cannot store NUL in JSON).
        return strip_control_characters(data)

    def process_step_files(self, form):
        return {}  # files live in DraftFile rows, see post()

    def stored_form(self, step: str):
        """The form of ``step`` with what the draft holds; errors only if the citizen submitted it."""
        data = self.storage.get_step_data(step)
        form = self.get_form(step=step, data=data)
        if data is None:
            return form
        form.is_valid()
        if step not in self.submitted_steps:
            form._errors = ErrorDict()
            return form
        # What the last post said about a field stands (a refused file is not in the draft to re-check).
        for field, messages in self._extra("messages", {}).get(step, {}).items():
            if field in form.fields:
                form.errors[field] = form.error_class(messages)
            else:
                for message in messages:
                    if message not in form.non_field_errors():
                        form.add_error(None, message)
        return form

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

    def step_url(self, step: str, **params) -> str:
        return f"{self.request.path}?{urlencode({'buoc': step, **params})}"

    def get(self, request, *args, **kwargs):
        wanted = request.GET.get("buoc")
        if wanted and self.is_reachable(wanted):
            self.storage.current_step = wanted
        elif self.storage.current_step not in self.get_form_list() or not self.is_reachable(self.storage.current_step):
            self.storage.current_step = self.furthest_step()
        step = self.steps.current
        editing = request.GET.get(EDIT_PARAM) == "1" and step != STEP_REVIEW and self.is_reachable(STEP_REVIEW)
        self._set_extra(editing=step if editing else "")
        form = self.stored_form(step)
        tampered = request.GET.get(TAMPERED_PARAM) == "1"
        return self.render(
            form, tampered_message=TAMPERED_MESSAGE if tampered else "", sent_dossier=self.sent_dossier()
        )

    def sent_dossier(self) -> Dossier | None:
        """The dossier this browser just sent with this flow, while no new draft has begun."""
        if self.storage.draft is not None:
            return None
        token = self.request.session.get(SENT_SESSION_KEY, {}).get(self.flow.key)
        return Dossier.objects.filter(access_token=token).first() if token else None

    def post(self, request, *args, **kwargs):
        management_form = ManagementForm(request.POST, prefix=self.prefix)
        posted = management_form.cleaned_data["current_step"] if management_form.is_valid() else None
        if posted == STEP_CONFIRM and self.storage.draft is None and (sent := self.submitted_dossier()):
            # Another click on "Nộp hồ sơ" already submitted this draft: show the same confirmation.
            self.storage.finished = True
            return HttpResponseRedirect(reverse("forms:dossier_confirmation", kwargs={"token": sent.access_token}))
        if posted is None or not self.is_reachable(posted):
            if self.storage.current_step not in self.get_form_list():
                self.storage.current_step = self.furthest_step()
            return HttpResponseRedirect(self.step_url(self.storage.current_step, **{TAMPERED_PARAM: "1"}))
        self.storage.current_step = posted
        step = posted
        if request.POST.get("autosave") == "1":
            return self.autosave(step)

        form = self.get_form(step=step, data=request.POST, files=request.FILES)
        valid = form.is_valid()
        if step == STEP_DOCUMENTS:
            self.keep_uploads(form)
            valid = valid and not form.errors  # a picked saved document may have failed to copy
        # Keep what was typed even when the step fails, so a resumed draft loses nothing.
        self.storage.set_step_data(step, self.process_step(form))
        goto = request.POST.get("wizard_goto_step")
        steps = list(self.get_form_list())
        going_back = goto and goto in steps and self.is_reachable(goto) and steps.index(goto) < steps.index(step)
        if going_back and not valid:
            # "Quay lại" keeps what was typed without judging it: the step is not marked submitted.
            self.mark_step(step, False)
            return HttpResponseRedirect(self.step_url(goto))
        self.mark_submitted(step)
        self.mark_step(step, valid)
        self._remember_messages(step, form)
        self._forget_caches()
        if going_back or (goto and goto in steps and goto != step and self.is_reachable(goto) and valid):
            return HttpResponseRedirect(self.step_url(goto))
        if not valid:
            return HttpResponseRedirect(self.step_url(step))
        if step == STEP_APPLICANT:
            self.send_resume_link(form.cleaned_data.get("email"))
        if step == self.steps.last:
            return self.render_done(form, **kwargs)
        if self._extra("editing", "") == step and self.is_reachable(STEP_REVIEW):
            self._set_extra(editing="")
            return HttpResponseRedirect(self.step_url(STEP_REVIEW))
        return HttpResponseRedirect(self.step_url(self.steps.next))

    def autosave(self, step: str):
        """Keep what is typed on ``step`` (no files) without judging it; say when it was saved."""
        form = self.get_form(step=step, data=self.request.POST)
        valid = form.is_valid()
        self.storage.set_step_data(step, self.process_step(form))
        if step in self.valid_steps and not valid:
            self.mark_step(step, False)
        self.storage.ensure_draft()
        saved_at = timezone.localtime()
        return JsonResponse(
            {
                "saved": True,
                "time": saved_at.strftime("%H:%M"),
                "message": (
                    f"Đã lưu nháp lúc {saved_at:%H:%M}: các thông tin đã gõ ở bước này. "
                    "Tệp đính kèm chỉ được lưu khi bấm “Tiếp tục”."
                ),
                "resume_url": self.resume_url(),
            }
        )

    def _remember_messages(self, step: str, form) -> None:
        """Errors a re-validation from the draft cannot repeat (a refused file, a control character) survive."""
        messages = dict(self._extra("messages", {}))
        kept = {}
        if step == STEP_DOCUMENTS:
            kept = {name: list(errors) for name, errors in form.errors.items() if name.startswith(("doc_", "saved_"))}
        # Control characters are not kept in the draft, so the re-validation cannot find them either.
        for name, errors in form.errors.as_data().items():
            refused = [text for error in errors if error.code == ControlCharacterValidator.code for text in error]
            if refused:
                kept[name] = list(dict.fromkeys([*kept.get(name, []), *refused]))
        messages[step] = kept
        self._set_extra(messages=messages)

    def _forget_caches(self):
        for attr in ("_resolved_form_list", "_cache_signature"):
            self.__dict__.pop(attr, None)
        for attr in [a for a in self.__dict__ if a.startswith("_cleaned_data_cache_")]:
            delattr(self, attr)

    def keep_uploads(self, form) -> None:
        """Store every upload that passed its own checks, whatever happened to the other slots.

        A document picked from the citizen's account is copied in as if uploaded for its slot.
        """
        cleaned = getattr(form, "cleaned_data", {})
        for name, upload in cleaned.items():
            if name.startswith("doc_") and upload and name not in form.errors:
                draft = self.storage.ensure_draft()
                services.draft_file_put(draft=draft, slot=form.slot_of(name), upload=upload)
        for slot, document in form.picked().items():
            draft = self.storage.ensure_draft()
            with document.file.open("rb") as handle:
                try:
                    services.draft_file_put(draft=draft, slot=slot, upload=handle, name=document.original_name)
                except ValidationError as error:  # a limit lowered since it was saved
                    form.add_error(f"doc_{slot}", error)

    def send_resume_link(self, email: str | None) -> None:
        if email:
            draft = self.storage.ensure_draft()
            services.draft_send_resume_link(draft=draft, email=email, resume_url=self.resume_url())

    def resume_url(self) -> str:
        draft = self.storage.draft
        if not draft:
            return ""
        return self.request.build_absolute_uri(reverse("forms:draft_resume", kwargs={"token": draft.token}))

    def render_revalidation_failure(self, failed_step, form, **kwargs):
        self.storage.current_step = failed_step
        self.mark_submitted(failed_step)
        return HttpResponseRedirect(self.step_url(failed_step))

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
        documents_form = form_dict[STEP_DOCUMENTS]
        delivery = form_dict[STEP_DELIVERY].cleaned_data
        answers = {}
        for name, _value in self.flow.declaration_steps:
            answers.update(form_dict[name].answers())
        if STEP_REQUEST in form_dict:
            answers.update(form_dict[STEP_REQUEST].answers())
        answers.update(documents_form.answers())
        draft = self.storage.ensure_draft()
        snapshot = [
            {"step": step, "title": step_form.title, "rows": [list(row) for row in step_form.rows()]}
            for step, step_form in self.section_forms()
        ]
        extra_copies = delivery.get("extra_copies") or 0
        if self.flow.asks_copies():
            extra_copies = next((answers[k] for k in ("copies", "so_ban_sao") if answers.get(k)), 0)
        fee_case = form_dict[STEP_DELIVERY].fee_case()
        slots = {slot.key: slot for slot in documents_form.documents}
        # One submission of a draft at a time: the row lock (PostgreSQL; on SQLite the IMMEDIATE
        # transaction already holds the database's write lock) makes a second click on "Nộp hồ sơ"
        # wait until the first has created the dossier and deleted the draft, then find that dossier.
        with transaction.atomic():
            locked = Draft.objects.select_for_update().filter(pk=draft.pk).first()
            if already := Dossier.objects.filter(submission_key=draft.token).first():
                return self.finish(draft, already)
            if locked is None:  # expired and purged while the citizen was on the last step
                self.storage.finished = True
                session_draft_forget(self.request, flow=self.flow)
                return HttpResponseRedirect(self.request.path)
            attachments = [
                AttachmentInput(slot=kept.slot, label=slots[kept.slot].name, name=kept.original_name, file=kept.file)
                for kept in locked.files.all()
                if kept.slot in slots
            ]
            try:
                for item in attachments:
                    item.file.open("rb")
                dossier = services.dossier_submit(
                    form_page=self.flow.form_page,
                    procedure=self.flow.procedure,
                    applicant=applicant_form.answers(),
                    answers=answers,
                    snapshot=snapshot,
                    attachments=attachments,
                    delivery_method=delivery["method"],
                    delivery_address=delivery.get("address"),
                    extra_copies=extra_copies,
                    channel=documents_form.channel(),
                    conditions=documents_form.ticked(),
                    submission_key=draft.token,
                    owner=self.owner,
                    fee_case=fee_case,
                    # The commune whose portal the draft was begun on, else the one the citizen is on
                    # (issue #17): it handles the dossier.
                    site=locked.site or commune_for_request(self.request),
                )
            except ValidationError as error:
                return self.render_service_error(error)
            finally:
                for item in attachments:
                    item.file.close()
            if self.owner is not None and documents_form.keep_in_account() and dossier.owner_id == self.owner.pk:
                try:
                    with transaction.atomic():
                        saved_documents_keep_from_dossier(owner=self.owner, dossier=dossier)
                except Exception:  # the dossier is in; keeping copies is a convenience that must not undo it
                    logger.exception("Không lưu được giấy tờ của hồ sơ %s vào tài khoản", dossier.code)
            return self.finish(locked, dossier)

    def submitted_dossier(self) -> Dossier | None:
        """The dossier a simultaneous click made from this browser's draft, once that draft is gone."""
        if self.storage.session_token:
            found = Dossier.objects.filter(submission_key=self.storage.session_token).first()
            if found:
                return found
        return self.sent_dossier()

    def finish(self, draft, dossier: Dossier):
        """Drop the draft (and its files) and show the confirmation page."""
        self.storage.finished = True
        services.draft_delete(draft=draft)
        session_draft_forget(self.request, flow=self.flow)
        # Back from the confirmation lands on the form again: say the dossier was sent, do not invite a copy.
        sent = dict(self.request.session.get(SENT_SESSION_KEY, {}))
        sent[self.flow.key] = dossier.access_token
        self.request.session[SENT_SESSION_KEY] = sent
        # Who just typed every answer may see them on the confirmation and tracking pages.
        dossier_access_remember(self.request, dossier=dossier)
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
        self.mark_submitted(step)
        messages = dict(self._extra("messages", {}))
        messages[step] = {field: list(field_messages) for field, field_messages in details.items()}
        self._set_extra(messages=messages)
        self.storage.current_step = step
        return HttpResponseRedirect(self.step_url(step))

    # -- context -------------------------------------------------------------------------------

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        steps = list(self.get_form_list().items())
        current = self.steps.current
        current_index = [name for name, _ in steps].index(current)
        nav = []
        for index, (name, form_class) in enumerate(steps):
            title = form.title if name == current else getattr(form_class, "title", "")
            state = "current" if index == current_index else ("done" if name in self.valid_steps else "todo")
            nav.append(
                {"name": name, "title": title, "number": index + 1, "state": state, "link": self.is_reachable(name)}
            )
        context.update(
            {
                "page": self.flow,
                "flow": self.flow,
                "procedure": self.flow.procedure,
                "step_nav": nav,
                "step_number": current_index + 1,
                "step_count": len(steps),
                "resume_url": self.resume_url(),
                "is_first_step": current_index == 0,
                "editing": bool(self._extra("editing", "")),
            }
        )
        if current in (STEP_REVIEW, STEP_CONFIRM):
            sections = self.section_forms()
            context["sections"] = [
                {"step": step, "title": step_form.title, "rows": step_form.rows()} for step, step_form in sections
            ]
            if current == STEP_REVIEW:
                context["fees"] = self.fees_context(dict(sections))
        return context
