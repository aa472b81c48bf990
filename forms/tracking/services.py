"""The citizen's answer to the counter, from the tracking page or from "Hồ sơ của tôi"."""

from django.core.exceptions import ValidationError

from forms.lifecycle.services import dossier_transition
from forms.models import Dossier, DossierStatus
from forms.tracking.forms import SupplementForm

# The citizen's answer to a request: to complete before reception (Mẫu 02, Circular 01/2018/TT-VPCP)
# the dossier goes back to "Chờ tiếp nhận" for the officer's check; to supplement during processing
# it resumes processing (Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP).
CITIZEN_ANSWERS = {
    DossierStatus.COMPLETION_REQUESTED: DossierStatus.AWAITING_RECEPTION,
    DossierStatus.SUPPLEMENT_REQUESTED: DossierStatus.PROCESSING,
}
ANSWERED_MESSAGES = {
    DossierStatus.AWAITING_RECEPTION: (
        "Đã nhận giấy tờ bổ sung, hoàn thiện. Bộ phận Một cửa sẽ kiểm tra lại để tiếp nhận."
    ),
    DossierStatus.PROCESSING: "Đã nhận giấy tờ bổ sung. Hồ sơ được chuyển lại để giải quyết.",
}


def dossier_request_answer(*, dossier: Dossier, form: SupplementForm) -> str | None:
    """Record the citizen's answer (note and files in ``form``) to the request ``dossier`` waits on.

    Returns the message to show once recorded; None when the form or the move was refused, the
    reasons then being on ``form``. The dossier must be waiting for an answer (``CITIZEN_ANSWERS``).
    """
    to_status = CITIZEN_ANSWERS[dossier.status]
    if not form.is_valid():
        return None
    try:
        dossier_transition(
            dossier=dossier,
            to_status=to_status,
            actor=None,
            note=form.cleaned_data["note"],
            attachments=form.attachments(),
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None
    return ANSWERED_MESSAGES[to_status]
