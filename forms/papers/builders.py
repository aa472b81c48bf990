"""The content of each paper, laid out with ``forms.papers.layout.Paper``.

Mẫu 01 … 05 are the one-stop counter's forms (Circular 01/2018/TT-VPCP, under Decree 61/2018/NĐ-CP
as amended by Decree 107/2021/NĐ-CP); the wording is plain, the fields are those the forms carry
(see ``shared/reference/one-stop-papers.md``). The postal cover sheet and the declaration are the
portal's own papers, printed by a citizen who sends the dossier by post.

Every builder takes the same arguments: the dossier, the issuer (commune settings), the history
entry the paper stands for (if any) and the tracking link.
"""

from datetime import date

from reportlab.lib.units import mm

from django.utils import timezone

from forms.intake.fields import format_address
from forms.lifecycle.services import CITIZEN_LABEL
from forms.models import DeliveryMethod, Dossier, DossierEvent, SubmissionChannel
from forms.papers import selectors
from forms.papers.layout import SIGN_AND_SEAL_HINT, Issuer, Paper, Signature, date_words, time_short, time_words
from forms.payments.fee_receipt import fee_section


def _paper(dossier: Dossier, issuer: Issuer, *, kind: str, issued, official: bool = True) -> Paper:
    label = selectors.PAPER_KINDS[kind][1]
    return Paper(issuer=issuer, code=dossier.code, title=label, issued=issued, official=official)


def _applicant(paper: Paper, dossier: Dossier, *, id_number: bool = True) -> None:
    # ID number and phone each on its own line, as the forms ask.
    paper.field("Họ và tên", dossier.applicant_name, bold_value=True)
    if id_number:
        paper.field("Số định danh cá nhân", dossier.applicant_id_number)
    paper.field("Địa chỉ", format_address(dossier.applicant.get("address")))
    paper.field("Số điện thoại", dossier.applicant_phone)
    if dossier.applicant_email:
        paper.field("Thư điện tử", dossier.applicant_email)


def _procedure(dossier: Dossier) -> str:
    return f"{dossier.procedure_title} (mã thủ tục {dossier.procedure_code})"


def _officer(event: DossierEvent | None) -> str:
    # The name kept with the history entry, even if the officer's account was deleted since.
    if event is None or event.actor_label == CITIZEN_LABEL:
        return ""
    return event.actor_label


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def receipt(dossier: Dossier, *, issuer: Issuer, event: DossierEvent | None, tracking_url: str) -> bytes:
    """Mẫu 01: who submitted, what for, the documents received, the times, where the result comes."""
    paper = _paper(dossier, issuer, kind=selectors.RECEIPT, issued=dossier.received_at)
    paper.heading("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    paper.paragraph(f"{issuer.counter} tiếp nhận hồ sơ của:")
    _applicant(paper, dossier)
    paper.field("Nội dung yêu cầu giải quyết", _procedure(dossier))
    channel = dossier.get_channel_display()
    if dossier.channel == SubmissionChannel.POST and dossier.postal_item_code:
        channel += f", số hiệu bưu gửi {dossier.postal_item_code}"
    paper.field("Cách nộp hồ sơ", channel)
    paper.section("1. Thành phần hồ sơ nộp gồm:")
    rows = [
        (f"{number}", row.name, row.form, f"{row.quantity:02d}")
        for number, row in enumerate(selectors.received_document_rows(dossier), start=1)
    ]
    paper.table(
        ["STT", "Tên giấy tờ", "Hình thức (bản chính, bản sao, bản chụp)", "Số lượng"],
        rows,
        widths=[0.08, 0.54, 0.26, 0.12],
        centered=(0, 2, 3),
    )
    paper.field("2. Số lượng hồ sơ", "01 (bộ)")
    paper.field("3. Thời gian giải quyết hồ sơ theo quy định", f"{dossier.processing_days:02d} ngày làm việc")
    paper.field("4. Thời gian nhận hồ sơ", time_words(dossier.received_at), bold_value=True)
    paper.field(
        "5. Thời gian trả kết quả giải quyết hồ sơ",
        f"{date_words(dossier.deadline)} (trong giờ làm việc)",
        bold_value=True,
    )
    if dossier.delivery_method == DeliveryMethod.POST:
        where = f"qua dịch vụ bưu chính công ích, tới địa chỉ {format_address(dossier.delivery_address)}"
    else:
        where = f"{issuer.counter}" + (f", {issuer.address}" if issuer.address else "")
    paper.field("6. Nhận kết quả giải quyết hồ sơ", where)
    paper.field("7. Vào Sổ theo dõi hồ sơ, số", dossier.code)
    fee_code = fee_section(paper, dossier, number="8")
    tracking_caption = [
        "Tra cứu tình trạng hồ sơ",
        "Quét mã QR hoặc mở trang Tra cứu hồ sơ trên Cổng dịch vụ công của xã, nhập mã hồ sơ "
        "và số điện thoại đã khai. Giữ kín đường dẫn dưới đây: ai có nó đều xem được hồ sơ.",
        tracking_url,
    ]
    if fee_code:
        paper.qrs([fee_code, (tracking_url, tracking_caption)])
    else:
        paper.qr(tracking_url, caption=tracking_caption)
    paper.signatures(
        Signature("NGƯỜI NỘP HỒ SƠ", dossier.applicant_name), Signature("NGƯỜI TIẾP NHẬN HỒ SƠ", _officer(event))
    )
    return paper.render()


def _checked_dossier(paper: Paper, dossier: Dossier, issuer: Issuer) -> None:
    """The opening of Mẫu 02 and Mẫu 03: whose dossier the counter checked, asking for what, sent when."""
    paper.paragraph(f"{issuer.counter} đã nhận hồ sơ của:")
    _applicant(paper, dossier)
    paper.field("Nội dung yêu cầu giải quyết", _procedure(dossier))
    paper.field("Thời gian nộp hồ sơ", time_words(dossier.submitted_at))


def completion_request(dossier: Dossier, *, issuer: Issuer, event: DossierEvent | None, tracking_url: str) -> bytes:
    """Mẫu 02: what must be added or corrected and why, as a numbered list; whom to call."""
    paper = _paper(dossier, issuer, kind=selectors.COMPLETION_REQUEST, issued=event.created_at)
    paper.heading("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ")
    _checked_dossier(paper, dossier, issuer)
    paper.paragraph("Sau khi kiểm tra, hồ sơ cần được bổ sung, hoàn thiện những nội dung sau (kèm lý do):")
    paper.numbered(selectors.note_items(event.note))
    officer = _officer(event) or issuer.counter
    contact = f"Mọi vướng mắc xin liên hệ {officer}, {issuer.counter}"
    if issuer.hotline:
        contact += f", số điện thoại {issuer.hotline}"
    paper.paragraph(contact + " để được hướng dẫn.")
    paper.paragraph(
        "Ông/Bà bổ sung, hoàn thiện hồ sơ một lần theo đầy đủ các nội dung trên; thời hạn giải quyết "
        "được tính từ khi hồ sơ được tiếp nhận."
    )
    paper.signatures(Signature("NGƯỜI HƯỚNG DẪN", _officer(event)))
    return paper.render()


def not_received(dossier: Dossier, *, issuer: Issuer, event: DossierEvent | None, tracking_url: str) -> bytes:
    """Mẫu 03: the concrete reason the dossier cannot be received or handled."""
    paper = _paper(dossier, issuer, kind=selectors.NOT_RECEIVED, issued=event.created_at)
    paper.heading("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ")
    _checked_dossier(paper, dossier, issuer)
    paper.paragraph("Sau khi kiểm tra, hồ sơ không được tiếp nhận giải quyết với lý do cụ thể như sau:")
    paper.lines(event.note)
    paper.paragraph("Xin thông báo để Ông/Bà được biết và thực hiện.")
    paper.signatures(Signature("NGƯỜI TIẾP NHẬN HỒ SƠ", _officer(event)))
    return paper.render()


def apology(dossier: Dossier, *, issuer: Issuer, event: DossierEvent | None, tracking_url: str) -> bytes:
    """Mẫu 04: received when, what for, the first appointment, why it is late, an apology, the new date."""
    old = _date(event.data.get("old_due_date", ""))
    new = _date(event.data.get("new_due_date", ""))
    paper = _paper(dossier, issuer, kind=selectors.APOLOGY, issued=event.created_at)
    paper.heading("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")
    paper.paragraph(f"Kính gửi: Ông/Bà {dossier.applicant_name}", bold=True, style="center")
    paper.field("Thời gian nhận hồ sơ", time_words(dossier.received_at))
    paper.field("Nội dung yêu cầu giải quyết", _procedure(dossier))
    paper.field("Thời gian hẹn trả kết quả", date_words(old))
    paper.paragraph(
        f"Tuy nhiên đến nay, {issuer.committee} chưa thể trả kết quả giải quyết hồ sơ của Ông/Bà "
        "đúng thời gian đã hẹn. Lý do:"
    )
    paper.lines(event.note)
    paper.paragraph(
        f"Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {issuer.committee} xin lỗi Ông/Bà và hẹn lại "
        "thời gian trả kết quả giải quyết hồ sơ:"
    )
    paper.field("Thời gian hẹn trả kết quả mới", f"{date_words(new)} (trong giờ làm việc)", bold_value=True)
    paper.paragraph("Xin trân trọng cảm ơn.")
    paper.signatures(Signature("THỦ TRƯỞNG CƠ QUAN", "", SIGN_AND_SEAL_HINT))
    return paper.render()


def control_slip(dossier: Dossier, *, issuer: Issuer, event: DossierEvent | None, tracking_url: str) -> bytes:
    """Mẫu 05: attached to Mẫu 01, the table of hand-overs with times and each step's outcome."""
    paper = _paper(dossier, issuer, kind=selectors.CONTROL_SLIP, issued=dossier.received_at)
    paper.heading(
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        f"Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả, mã hồ sơ: {dossier.code}",
    )
    paper.field("Người nộp hồ sơ", dossier.applicant_name)
    paper.field("Nội dung yêu cầu giải quyết", _procedure(dossier))
    paper.field("Cơ quan giải quyết hồ sơ", issuer.committee)
    paper.field("Thời gian nhận hồ sơ", time_words(dossier.received_at))
    paper.field("Thời gian hẹn trả kết quả", date_words(dossier.deadline))
    if dossier.original_due_date and dossier.due_date != dossier.original_due_date:
        paper.field("Thời gian hẹn lại (Mẫu 04)", date_words(dossier.due_date))
    rows = [
        (
            f"{number}",
            f"{row.step}\nGiao: {row.giver}\nNhận: {row.receiver}",
            time_short(row.at),
            row.outcome or "–",
            row.note,
        )
        for number, row in enumerate(selectors.dossier_handovers(dossier), start=1)
    ]
    paper.table(
        ["STT", "Bước, người giao và người nhận hồ sơ", "Thời gian giao, nhận hồ sơ", "Kết quả", "Ghi chú"],
        rows,
        widths=[0.07, 0.35, 0.2, 0.13, 0.25],
        centered=(0, 3),
    )
    paper.paragraph(
        f"Kết quả: trước hạn, đúng hạn hoặc quá hạn so với ngày hẹn trả kết quả ({dossier.deadline:%d/%m/%Y}); "
        "người giao và người nhận ký tại mỗi lần giao, nhận hồ sơ giấy. In lúc "
        f"{time_short(timezone.now())}.",
        style="small",
    )
    return paper.render()


def postal_cover(dossier: Dossier, *, issuer: Issuer, event: DossierEvent | None, tracking_url: str) -> bytes:
    """The cover sheet for the envelope: the counter as recipient, the code big and as a QR code,
    the applicant as sender, the papers to put in.

    The tracking link opens the dossier to whoever holds it, so it is not printed on a sheet that
    travels through the post; the QR code carries the dossier code only.
    """
    paper = _paper(dossier, issuer, kind=selectors.POSTAL_COVER, issued=dossier.submitted_at)
    paper.heading(
        "PHIẾU GỬI HỒ SƠ QUA BƯU CHÍNH CÔNG ÍCH",
        "Đặt phiếu này ở trang đầu bộ hồ sơ và ghi mã hồ sơ ngoài phong bì.",
    )
    paper.big(dossier.code)
    paper.qr(dossier.code, caption=["Quét mã để tìm hồ sơ", f"Thủ tục: {_procedure(dossier)}"], size=32 * mm)
    paper.section("NƠI NHẬN")
    paper.field("Đơn vị", issuer.counter)
    paper.field("Địa chỉ", issuer.address)
    paper.field("Số điện thoại", issuer.hotline)
    paper.section("NGƯỜI GỬI")
    _applicant(paper, dossier, id_number=False)
    paper.section("GIẤY TỜ CHO VÀO PHONG BÌ")
    paper.checklist(selectors.postal_checklist(dossier))
    paper.paragraph(
        "Bộ phận Một cửa kiểm tra hồ sơ khi nhận được; thời hạn giải quyết tính từ khi hồ sơ được tiếp nhận. "
        "Tình trạng hồ sơ xem trên trang Tra cứu hồ sơ bằng mã hồ sơ và số điện thoại đã khai.",
        style="small",
    )
    return paper.render()


def declaration(dossier: Dossier, *, issuer: Issuer, event: DossierEvent | None, tracking_url: str) -> bytes:
    """The citizen's answers as they checked them, laid out as a declaration to sign (NGƯỜI KHAI)."""
    paper = _paper(dossier, issuer, kind=selectors.DECLARATION, issued=dossier.submitted_at, official=False)
    paper.heading("TỜ KHAI", dossier.procedure_title)
    paper.paragraph(f"Kính gửi: {issuer.committee}", bold=True, style="center")
    for section in dossier.snapshot or []:
        if not isinstance(section, dict):
            continue
        paper.section(str(section.get("title", "")))
        for row in section.get("rows", []):
            if isinstance(row, list | tuple) and len(row) == 2:
                paper.field(str(row[0]), "" if row[1] is None else str(row[1]))
    paper.space()
    paper.paragraph(
        "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật "
        "về lời khai của mình."
    )
    paper.signatures(Signature("NGƯỜI KHAI", dossier.applicant_name))
    return paper.render()
