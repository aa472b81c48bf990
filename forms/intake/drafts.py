"""formtools storage that keeps the wizard's state in a server-side ``Draft``.

The browser's session only remembers which draft is its own (page id → draft token); the
resume link carries the same token, so the citizen can continue on another device.
"""

import copy
from datetime import timedelta

from formtools.wizard.storage.base import BaseStorage

from django.conf import settings
from django.utils import timezone

from forms.models import Draft

SESSION_KEY = "forms_drafts"


def session_draft_tokens(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def session_draft_remember(request, *, page_id: int, token: str) -> None:
    tokens = dict(session_draft_tokens(request))
    tokens[str(page_id)] = token
    request.session[SESSION_KEY] = tokens


def session_draft_forget(request, *, page_id: int) -> None:
    tokens = dict(session_draft_tokens(request))
    tokens.pop(str(page_id), None)
    request.session[SESSION_KEY] = tokens


def live_draft(*, token: str, page_id: int) -> Draft | None:
    """The draft with ``token`` for page ``page_id`` unless it has expired."""
    if not token:
        return None
    cutoff = timezone.now() - timedelta(days=settings.FORMS_DRAFT_DAYS)
    return Draft.objects.filter(token=token, form_page_id=page_id, updated_at__gte=cutoff).first()


class DraftStorage(BaseStorage):
    """Wizard data in ``Draft.data``; written once per request, only when something changed."""

    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.page = request.forms_page
        self.finished = False
        token = session_draft_tokens(request).get(str(self.page.pk))
        self.draft = live_draft(token=token, page_id=self.page.pk)
        if self.draft and self.draft.data:
            self.data = copy.deepcopy(self.draft.data)
            self._saved = copy.deepcopy(self.data)
        else:
            self.init_data()
            self._saved = copy.deepcopy(self.data)

    def ensure_draft(self) -> Draft:
        """Create the draft now (before files are attached to it)."""
        if self.draft is None:
            from forms.intake.services import draft_create

            self.draft = draft_create(form_page=self.page)
            session_draft_remember(self.request, page_id=self.page.pk, token=self.draft.token)
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
        draft.save(update_fields=["data", "updated_at"])
        self._saved = copy.deepcopy(self.data)

    def update_response(self, response):
        self.save()
