"""Which papers a dossier has now, and the rows the papers print (documents, hand-overs, checklist).

The official papers follow the one-stop mechanism (Decree 61/2018/NĐ-CP as amended by Decree
107/2021/NĐ-CP; forms of Circular 01/2018/TT-VPCP): Mẫu 01 once an officer has received the
dossier, Mẫu 02 for each request to complete it before reception, Mẫu 03 when it was refused at
reception, Mẫu 04 for each apology with a new date, Mẫu 05 once received; the fee receipt (biên
lai) once the fee is paid in full. A dossier the citizen
chose to send by post also has the cover sheet for the envelope and the printable declaration.
Before reception an online dossier has no paper at all: the receipt is issued by the officer who
receives it, and a look-alike "sent" slip would be taken to the counter as if it were one.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from forms.intake.documents import DocumentKind, document_slots
from forms.models import (
    AttachmentKind,
    DeliveryMethod,
    DocumentForm,
    Dossier,
    DossierEvent,
    DossierStatus,
    EventKind,
    PaymentStatus,
    SubmissionChannel,
)

S = DossierStatus

RECEIPT = "mau-01"
COMPLETION_REQUEST = "mau-02"
NOT_RECEIVED = "mau-03"
APOLOGY = "mau-04"
CONTROL_SLIP = "mau-05"
POSTAL_COVER = "phieu-gui"
DECLARATION = "to-khai"
# The electronic fee receipt (biên lai), once the fee is paid in full (forms.payments.fee_receipt).
FEE_RECEIPT = "bien-lai"

# kind → (form number of Circular 01/2018/TT-VPCP, or "" for the portal's own papers; link text)
PAPER_KINDS: dict[str, tuple[str, str]] = {
    POSTAL_COVER: ("", "Phiếu gửi hồ sơ qua bưu chính công ích"),
    DECLARATION: ("", "Tờ khai"),
    COMPLETION_REQUEST: ("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    NOT_RECEIVED: ("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    RECEIPT: ("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    APOLOGY: ("04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
    CONTROL_SLIP: ("05", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
    FEE_RECEIPT: ("", "Biên lai thu phí, lệ phí"),
}

# Where a Dossier's answers keep the conditional documents whose case the citizen ticked (slot keys).
TICKED_CONDITIONS_KEY = "document_conditions"


@dataclass(frozen=True)
class PaperRef:
    """One paper a dossier has: ``slug`` names it in the URL ("mau-04-2" is the second apology)."""

    slug: str
    kind: str
    event_id: int | None = None

    @property
    def form(self) -> str:
        return PAPER_KINDS[self.kind][0]

    @property
    def title(self) -> str:
        form, label = PAPER_KINDS[self.kind]
        return f"Mẫu {form} – {label}" if form else label

    def filename(self, dossier: Dossier) -> str:
        """An ASCII file name: "mau-01-23098-261207-0001.pdf"."""
        code = re.sub(r"[^A-Za-z0-9-]+", "-", dossier.code).strip("-") or str(dossier.pk)
        return f"{self.slug}-{code}.pdf"


def _numbered(kind: str, events: list[DossierEvent]) -> list[PaperRef]:
    # The first keeps the plain slug, so a link already given out stays right when a second comes.
    return [
        PaperRef(slug=kind if number == 1 else f"{kind}-{number}", kind=kind, event_id=event.pk)
        for number, event in enumerate(events, start=1)
    ]


def _status_events(events: list[DossierEvent], status: str) -> list[DossierEvent]:
    return [e for e in events if e.kind == EventKind.STATUS and e.to_status == status]


def dossier_papers(dossier: Dossier) -> list[PaperRef]:
    """The papers ``dossier`` has now, in the order they were issued (postal papers first)."""
    events = list(dossier.events.order_by("created_at", "pk"))
    papers: list[PaperRef] = []
    if dossier.channel == SubmissionChannel.POST:
        papers += [PaperRef(slug=POSTAL_COVER, kind=POSTAL_COVER), PaperRef(slug=DECLARATION, kind=DECLARATION)]
    papers += _numbered(COMPLETION_REQUEST, _status_events(events, S.COMPLETION_REQUESTED))
    if dossier.status == S.NOT_RECEIVED:
        papers += _numbered(NOT_RECEIVED, _status_events(events, S.NOT_RECEIVED)[-1:])
    if dossier.is_received:
        papers.append(PaperRef(slug=RECEIPT, kind=RECEIPT, event_id=_last_id(_status_events(events, S.RECEIVED))))
        papers += _numbered(APOLOGY, [e for e in events if e.kind == EventKind.APOLOGY])
        papers.append(PaperRef(slug=CONTROL_SLIP, kind=CONTROL_SLIP))
    if dossier.payment_status == PaymentStatus.PAID and dossier.payments.exclude(receipt_number=None).exists():
        papers.append(PaperRef(slug=FEE_RECEIPT, kind=FEE_RECEIPT))
    return papers


def _last_id(events: list[DossierEvent]) -> int | None:
    return events[-1].pk if events else None


def dossier_paper(dossier: Dossier, slug: str) -> PaperRef | None:
    """The paper named ``slug`` if ``dossier`` has it now, else None."""
    return next((paper for paper in dossier_papers(dossier) if paper.slug == slug), None)


@dataclass(frozen=True)
class DocumentRow:
    """A line of Mẫu 01's documents table."""

    name: str
    form: str
    quantity: int


def received_document_rows(dossier: Dossier) -> list[DocumentRow]:
    """Mẫu 01's table as the officer recorded it; without it, the files the citizen sent, as scans."""
    rows = [DocumentRow(doc.name, doc.get_form_display(), doc.quantity) for doc in dossier.received_documents.all()]
    if rows:
        return rows
    return [
        DocumentRow(attachment.label, DocumentForm.SCAN.label, 1)
        for attachment in dossier.attachments.filter(kind=AttachmentKind.SUBMITTED)
    ]


def reception_event(dossier: Dossier) -> DossierEvent | None:
    """The history entry of the officer receiving the dossier (Mẫu 01's NGƯỜI TIẾP NHẬN HỒ SƠ)."""
    return dossier.events.filter(kind=EventKind.STATUS, to_status=S.RECEIVED).order_by("-created_at", "-pk").first()


EARLY, ON_TIME, LATE = "Trước hạn", "Đúng hạn", "Quá hạn"


def step_outcome(at: datetime, deadline: date | None) -> str:
    """A step's outcome against the deadline: before it, on its day, or after it."""
    if deadline is None:
        return ""
    day = timezone.localdate(at)
    if day < deadline:
        return EARLY
    return ON_TIME if day == deadline else LATE


@dataclass(frozen=True)
class Handover:
    """A row of Mẫu 05: the step, who handed the dossier to whom, when, how it stood, a note."""

    step: str
    giver: str
    receiver: str
    at: datetime
    outcome: str
    note: str


COUNTER = "Bộ phận Một cửa"
POST_SERVICE = "Bưu chính công ích"
NOTE_LIMIT = 300


def _short(note: str) -> str:
    note = " ".join((note or "").split())
    return note if len(note) <= NOTE_LIMIT else note[: NOTE_LIMIT - 1] + "…"


def dossier_handovers(dossier: Dossier) -> list[Handover]:
    """Mẫu 05's rows from the history, from reception on.

    Each status change hands the dossier from whoever held it to whoever acts next: the citizen
    to the receiving officer, the officer to the one who handles it, the handler to the citizen
    for a supplement and back, the result to the counter and then to the citizen (or the post).
    Steps the administration takes are judged against the deadline the citizen was first given
    (``Dossier.deadline``; an apology does not move it); the citizen's own steps are not.
    """
    applicant = f"{dossier.applicant_name} (người nộp hồ sơ)"
    deadline = dossier.deadline
    holder = COUNTER
    rows: list[Handover] = []
    events = dossier.events.order_by("created_at", "pk")
    started = False
    for event in events:
        officer = event.actor_label or COUNTER
        judged = step_outcome(event.created_at, deadline)
        note = _short(event.note)
        if event.kind == EventKind.STATUS and event.to_status == S.RECEIVED:
            started = True
            rows.append(Handover("Tiếp nhận hồ sơ", applicant, officer, event.created_at, "", ""))
            holder = officer
            continue
        if not started:
            continue
        if event.kind == EventKind.APOLOGY:
            new = event.data.get("new_due_date", "")
            new_text = date.fromisoformat(new).strftime("%d/%m/%Y") if new else ""
            rows.append(
                Handover(
                    "Xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)",
                    officer,
                    applicant,
                    event.created_at,
                    judged,
                    f"Hẹn lại ngày {new_text}. {note}".strip(),
                )
            )
            continue
        if event.kind != EventKind.STATUS:
            continue
        status = event.to_status
        if status == S.PROCESSING and event.from_status == S.SUPPLEMENT_REQUESTED:
            rows.append(Handover("Bổ sung hồ sơ", applicant, holder, event.created_at, "", note))
        elif status == S.PROCESSING:
            rows.append(Handover("Chuyển giải quyết hồ sơ", holder, officer, event.created_at, judged, note))
            holder = officer
        elif status == S.SUPPLEMENT_REQUESTED:
            note = f"Tạm dừng tính thời hạn. {note}".strip()
            rows.append(Handover("Yêu cầu bổ sung hồ sơ", officer, applicant, event.created_at, judged, note))
            holder = officer
        elif status == S.RESULT_READY:
            rows.append(Handover("Có kết quả giải quyết", officer, COUNTER, event.created_at, judged, note))
            holder = COUNTER
        elif status == S.RETURNED:
            by_post = dossier.delivery_method == DeliveryMethod.POST
            receiver = POST_SERVICE if by_post else applicant
            if by_post and dossier.postal_tracking_number:
                note = f"Số hiệu bưu gửi {dossier.postal_tracking_number}. {note}".strip()
            rows.append(Handover("Trả kết quả", officer, receiver, event.created_at, judged, note))
        elif status == S.REFUSED:
            rows.append(Handover("Từ chối giải quyết", officer, applicant, event.created_at, judged, note))
    return rows


def note_items(note: str) -> list[str]:
    """An officer's note as a numbered list's items: one per line, without the numbers typed."""
    items = []
    for line in (note or "").splitlines():
        item = re.sub(r"^\s*(?:\d+\s*[.)\-:]|[-*•+–])\s*", "", line).strip()
        if item:
            items.append(item)
    return items


def ticked_conditions(dossier: Dossier) -> set[str] | None:
    """Conditional documents whose case the citizen ticked (slot keys), or None when not on record."""
    recorded = dossier.answers.get(TICKED_CONDITIONS_KEY) if isinstance(dossier.answers, dict) else None
    return None if recorded is None else {str(key) for key in recorded}


def postal_checklist(dossier: Dossier) -> list[str]:
    """What goes into the envelope: the printed declaration, this sheet, then the procedure's documents.

    Required documents always; a conditional one when the citizen ticked its case or sent a file
    for it, or, when the ticks are not on record, listed as "if your case applies". Papers shown at
    the counter, notes and the electronic declaration are never in the list.
    """
    items = ["Tờ khai in từ Cổng dịch vụ công, đã ký ở mục NGƯỜI KHAI", "Phiếu gửi hồ sơ này"]
    sent = dossier.attachments.filter(kind=AttachmentKind.SUBMITTED)
    if dossier.procedure is None:
        return items + [attachment.label for attachment in sent]
    ticked = ticked_conditions(dossier)
    sent_slots = set(sent.values_list("slot", flat=True))
    for slot in document_slots(procedure=dossier.procedure, form_page=dossier.form_page):
        name = f"{slot.name} ({slot.quantity})" if slot.quantity else slot.name
        if slot.kind == DocumentKind.REQUIRED or slot.key in sent_slots or (ticked and slot.key in ticked):
            items.append(name)
        elif ticked is None:
            items.append(f"Nếu thuộc trường hợp: {name}")
    return items
