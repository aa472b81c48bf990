"""Counters of the shared limits when no Redis is configured (forms.tracking.ratelimit)."""

from django.db import models


class LimitCounter(models.Model):
    """Failures counted for one key in one fixed window; the window's number is part of the key.

    Every worker reads and writes the same row (``UPDATE … SET count = count + 1``), and a restart
    forgets nothing. Rows past ``expires_at`` are dead and purged now and then.
    """

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "bộ đếm giới hạn"
        verbose_name_plural = "bộ đếm giới hạn"

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
