"""Actions on ratings."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from forms.models import Dossier, DossierRating, DossierStatus
from forms.models.ratings import RATING_MAX, RATING_MIN

NOT_RETURNED_MESSAGE = "Chỉ đánh giá được sau khi hồ sơ đã trả kết quả."
ALREADY_RATED_MESSAGE = "Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần."
SCORE_MESSAGE = f"Hãy chọn mức độ hài lòng từ {RATING_MIN} đến {RATING_MAX}."


def dossier_can_rate(*, dossier: Dossier) -> bool:
    """Whether ``dossier`` may be rated now: its result handed over ("Đã trả kết quả"), not yet rated."""
    return dossier.status == DossierStatus.RETURNED and not DossierRating.objects.filter(dossier=dossier).exists()


def dossier_rate(*, dossier: Dossier, score: int, comment: str = "") -> DossierRating:
    """Record the citizen's satisfaction with how ``dossier`` was handled.

    Only after the result was returned, once per dossier (a second call raises, the first rating
    stays), score 1–5, optional comment. Raises ``ValidationError`` with a Vietnamese message.
    Who may rate (the owner, or whoever passed the tracking page's phone check) is the view's
    concern.
    """
    if not isinstance(score, int) or isinstance(score, bool) or not RATING_MIN <= score <= RATING_MAX:
        raise ValidationError({"score": SCORE_MESSAGE})
    if dossier.status != DossierStatus.RETURNED:
        raise ValidationError(NOT_RETURNED_MESSAGE)
    try:
        with transaction.atomic():
            return DossierRating.objects.create(dossier=dossier, score=score, comment=(comment or "").strip())
    except IntegrityError:
        raise ValidationError(ALREADY_RATED_MESSAGE) from None
