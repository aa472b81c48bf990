"""Server-side drafts of the submission wizard, so a citizen can leave and resume on any device."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from forms.files.storage import get_private_storage


class Draft(models.Model):
    """The wizard's state for one citizen and one form; the token in the resume link opens it."""

    token = models.CharField(max_length=64, unique=True)
    form_page = models.ForeignKey(
        "forms.SubmissionFormPage", null=True, blank=True, on_delete=models.CASCADE, related_name="drafts"
    )
    # The standard flow (no editor-built form) keys its drafts on the procedure itself.
    procedure = models.ForeignKey(
        "cms.ProcedurePage", null=True, blank=True, on_delete=models.CASCADE, related_name="drafts"
    )
    # A signed-in citizen's draft, listed in "Hồ sơ của tôi"; none when started without an account.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="drafts"
    )
    # The commune whose portal the draft was begun on (issue #17): the dossier goes to it, wherever
    # the draft is resumed, and "Hồ sơ của tôi" links back to that commune's host.
    site = models.ForeignKey(
        "wagtailcore.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts", verbose_name="xã"
    )
    data = models.JSONField(default=dict)
    email = models.EmailField(blank=True)
    resume_link_sent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "bản nháp hồ sơ"
        verbose_name_plural = "bản nháp hồ sơ"

    def __str__(self) -> str:
        return f"Bản nháp {self.pk} – {self.form_page_id or self.procedure_id}"


def draft_upload_to(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"drafts/{uuid.uuid4().hex}.{extension}"


class DraftFile(models.Model):
    """A file uploaded in the wizard before submission: kept per slot even when the step fails."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    slot = models.CharField(max_length=64)
    file = models.FileField(storage=get_private_storage, upload_to=draft_upload_to, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["draft", "slot"], name="forms_draftfile_slot")]

    def __str__(self) -> str:
        return f"{self.slot}: {self.original_name}"
