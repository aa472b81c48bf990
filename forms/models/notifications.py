"""Messages to citizens about their dossier, one row per event and channel, sent in the background."""

from django.db import models
from django.utils import timezone


class NotificationStatus(models.TextChoices):
    """Where a message stands: waiting (perhaps for a retry), sent, not applicable, or given up."""

    PENDING = "pending", "Đang chờ gửi"
    SENT = "sent", "Đã gửi"
    SKIPPED = "skipped", "Không gửi (người dân không khai địa chỉ nhận)"
    FAILED = "failed", "Gửi không thành công"


class DossierNotification(models.Model):
    """One message about one history entry through one notifier (``settings.FORMS_NOTIFIERS``).

    Written when the event commits; the background task (``forms.lifecycle.tasks``) sends it,
    retrying with back-off, and a message that finally fails stays here for the officers to see
    on the dossier. ``last_error`` holds the kind of error only, never the address or the text.
    """

    dossier = models.ForeignKey("forms.Dossier", on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(
        "forms.DossierEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    notifier = models.CharField("kênh gửi", max_length=255)
    status = models.CharField(
        "tình trạng", max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    last_error = models.CharField("lỗi lần thử cuối", max_length=255, blank=True)
    created_at = models.DateTimeField("thời điểm tạo", default=timezone.now)
    last_attempt_at = models.DateTimeField("lần thử cuối", null=True, blank=True)
    next_attempt_at = models.DateTimeField("lần thử tiếp theo", null=True, blank=True)
    sent_at = models.DateTimeField("thời điểm gửi", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo cho người dân"
        verbose_name_plural = "thông báo cho người dân"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.notifier} ({self.get_status_display()})"

    @property
    def channel_label(self) -> str:
        """The notifier's Vietnamese name ("Thư điện tử"), or its path when it has none."""
        from django.utils.module_loading import import_string

        try:
            return getattr(import_string(self.notifier), "label", self.notifier)
        except ImportError:
            return self.notifier
