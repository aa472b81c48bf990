"""formtools storage that keeps the wizard's state in a server-side ``Draft``.

The browser's session only remembers which draft is its own (flow key → draft token); the
resume link carries the same token, so the citizen can continue on another device.
"""

import copy
from datetime import timedelta

from formtools.wizard.storage.base import BaseStorage

from django.conf import settings
from django.utils import timezone

from accounts.citizens import citizen_of
from forms.intake.flows import SubmissionFlow, flow_for_page, flow_for_procedure
from forms.models import Draft

SESSION_KEY = "forms_drafts"


def session_draft_tokens(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def session_draft_remember(request, *, flow: SubmissionFlow, token: str) -> None:
    tokens = dict(session_draft_tokens(request))
    tokens[flow.key] = token
    request.session[SESSION_KEY] = tokens


def session_draft_forget(request, *, flow: SubmissionFlow) -> None:
    tokens = dict(session_draft_tokens(request))
    tokens.pop(flow.key, None)
    request.session[SESSION_KEY] = tokens


def live_draft(*, token: str, flow: SubmissionFlow) -> Draft | None:
    """The draft with ``token`` for ``flow`` unless it has expired."""
    if not token:
        return None
    cutoff = timezone.now() - timedelta(days=settings.FORMS_DRAFT_DAYS)
    return Draft.objects.filter(token=token, updated_at__gte=cutoff, **flow.draft_filter()).first()


def draft_flow(draft: Draft) -> SubmissionFlow:
    """The flow a draft belongs to (its form page's, or its procedure's standard flow)."""
    if draft.form_page_id:
        return flow_for_page(draft.form_page.specific)
    return flow_for_procedure(draft.procedure)


class DraftStorage(BaseStorage):
    """Wizard data in ``Draft.data``; written once per request, only when something changed."""

    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.flow = request.forms_flow
        self.finished = False
        self.owner = citizen_of(request)
        token = session_draft_tokens(request).get(self.flow.key)
        self.session_token = token or ""
        self.draft = live_draft(token=token, flow=self.flow)
        if self.draft is not None and self.draft.owner_id and self.draft.owner_id != getattr(self.owner, "pk", None):
            self.draft = None  # a signed-in citizen's draft opens only for them (the browser was shared)
        elif self.draft is not None and self.owner is not None and self.draft.owner_id is None:
            # Begun before signing in: it joins the account, to be listed in "Hồ sơ của tôi".
            Draft.objects.filter(pk=self.draft.pk, owner__isnull=True).update(owner=self.owner)
            self.draft.owner = self.owner
        if self.draft and self.draft.data:
            self.data = copy.deepcopy(self.draft.data)
            self._saved = copy.deepcopy(self.data)
        else:
            self.init_data()
            self._saved = copy.deepcopy(self.data)

    def ensure_draft(self) -> Draft:
        """Create the draft now (before files are attached to it)."""
        if self.draft is None:
            from cms.communes import commune_for_request
            from forms.intake.services import draft_create

            self.draft = draft_create(flow=self.flow, owner=self.owner, site=commune_for_request(self.request))
            session_draft_remember(self.request, flow=self.flow, token=self.draft.token)
        return self.draft

    def save(self) -> None:
        if self.finished:
            return
        if self.data == self._saved and self.draft is not None:
            return
        if self.draft is None and self.data[self.step_data_key] == {}:
            return  # a mere visit leaves nothing behind
        draft = self.ensure_draft()
        draft.data = self.data
        draft.updated_at = timezone.now()
        # A simultaneous click on "Nộp hồ sơ" may have submitted and deleted the draft meanwhile:
        # then there is nothing left to keep (not "Save with update_fields did not affect any rows").
        Draft.objects.filter(pk=draft.pk).update(data=draft.data, updated_at=draft.updated_at)
        self._saved = copy.deepcopy(self.data)

    def update_response(self, response):
        self.save()
