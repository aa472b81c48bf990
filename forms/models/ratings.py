"""The citizen's satisfaction rating of how a dossier was handled (đánh giá mức độ hài lòng)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

RATING_MIN = 1
RATING_MAX = 5


class DossierRating(models.Model):
    """One rating per dossier, 1 (very unsatisfied) to 5 (very satisfied), given after the result
    was handed over; written only by ``forms.ratings.services.dossier_rate``."""

    dossier = models.OneToOneField(
        "forms.Dossier", on_delete=models.CASCADE, related_name="rating", verbose_name="hồ sơ"
    )
    score = models.PositiveSmallIntegerField(
        "mức độ hài lòng", validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )
    comment = models.TextField("góp ý", blank=True, max_length=2000)
    created_at = models.DateTimeField("ngày đánh giá", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "đánh giá mức độ hài lòng"
        verbose_name_plural = "đánh giá mức độ hài lòng"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=RATING_MIN, score__lte=RATING_MAX), name="forms_rating_score_1_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.score}/5"
