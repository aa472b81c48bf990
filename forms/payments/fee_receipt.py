"""The electronic fee receipt (biên lai thu phí, lệ phí) a citizen downloads once the fee is paid.

Fees and charges collected by the commune go to the State Treasury (Decree 11/2020/NĐ-CP on State
Treasury procedures); the collecting body gives the payer a receipt, here an electronic one, with
the contents Decree 123/2020/NĐ-CP and Circular 78/2021/TT-BTC ask of receipts: the collecting body,
the receipt number, the payer, what was collected and the amount in figures and in words, the date
and how it was paid. It is laid out as the other papers (``forms.papers.layout``) and served with
them (``forms.papers``), so only the owner, whoever passed the tracking page's phone check, and
staff allowed to see dossiers can download it.
"""

from __future__ import annotations

from cms.selectors import procedure_fee_items
from forms.communes import dossier_commune_settings, dossier_site
from forms.intake.fields import format_address
from forms.lifecycle.services import actor_label
from forms.models import Dossier, DossierEvent
from forms.papers.layout import Issuer, Paper, Signature, date_words, time_words
from forms.payments.fees import amount_due, fee_channel, format_dong
from forms.payments.selectors import fee_receipt_payment, payment_method_label
from forms.payments.words import amount_in_words

TITLE = "Biên lai thu phí, lệ phí"


def fee_lines(dossier: Dossier) -> list[tuple[str, int]]:
    """What the fee was made of: the procedure's items for the dossier's case and copies.

    When the items no longer add up to the amount that was due (an editor changed them since),
    one line with the amount due stands for them.
    """
    if dossier.procedure is not None:
        computed = amount_due(
            # The dossier's commune's own items when it has any (issue #17), else the catalogue's.
            items=procedure_fee_items(dossier.procedure, dossier_site(dossier)),
            channel=fee_channel(dossier.channel),
            case=dossier.fee_case,
            extra_copies=dossier.extra_copies,
        )
        lines = [(line.label, line.amount) for line in computed.lines if line.amount]
        if lines and computed.total == dossier.amount_due:
            return lines
    return [(f"Phí, lệ phí giải quyết thủ tục {dossier.procedure_title}", dossier.amount_due)]


def fee_receipt(dossier: Dossier, *, issuer: Issuer, event: DossierEvent | None, tracking_url: str) -> bytes:
    """The biên lai of a paid dossier (see the module docstring); the papers' builder signature."""
    receipt_payment = fee_receipt_payment(dossier=dossier)
    payments = list(dossier.payments.order_by("paid_on", "pk"))
    paper = Paper(issuer=issuer, code=dossier.code, title=TITLE, issued=dossier.paid_at)
    number = receipt_payment.receipt_number if receipt_payment else ""
    paper.heading("BIÊN LAI THU PHÍ, LỆ PHÍ", "(Biên lai điện tử)", f"Số: {number}")
    paper.field("Tổ chức thu", issuer.committee)
    paper.field("Người nộp", dossier.applicant_name, bold_value=True)
    address = format_address(dossier.applicant.get("address")) if isinstance(dossier.applicant, dict) else ""
    if address:
        paper.field("Địa chỉ", address)
    paper.field("Mã hồ sơ", dossier.code)
    paper.field("Thủ tục", f"{dossier.procedure_title} (mã thủ tục {dossier.procedure_code})")
    rows = [(f"{index}", label, format_dong(amount)) for index, (label, amount) in enumerate(fee_lines(dossier), 1)]
    rows.append(("", "Tổng cộng", format_dong(dossier.amount_due)))
    paper.table(["STT", "Nội dung thu", "Số tiền"], rows, widths=[0.08, 0.64, 0.28], centered=(0,))
    paper.field("Số tiền đã nộp", format_dong(dossier.amount_paid), bold_value=True)
    paper.field("Bằng chữ", amount_in_words(dossier.amount_paid))
    methods = []
    for payment in payments:
        line = f"{payment_method_label(payment.method)}: {format_dong(payment.amount)}, {date_words(payment.paid_on)}"
        if payment.reference:
            line += f", số tham chiếu {payment.reference}"
        methods.append(line)
    paper.field("Hình thức nộp", "; ".join(methods))
    if dossier.paid_at:
        paper.field("Thời điểm ghi nhận nộp đủ", time_words(dossier.paid_at))
    collector = ""
    if receipt_payment is not None and receipt_payment.recorded_by is not None:
        # Vietnamese order (family, middle, given name), as the dossier's history names officers.
        collector = actor_label(receipt_payment.recorded_by)
    paper.signatures(Signature("NGƯỜI NỘP TIỀN", dossier.applicant_name), Signature("NGƯỜI THU TIỀN", collector))
    paper.paragraph(
        f"Biên lai điện tử do {issuer.counter} lập trên Cổng dịch vụ công. Tra cứu hồ sơ bằng mã hồ sơ "
        "và số điện thoại đã khai tại trang Tra cứu hồ sơ.",
        style="small",
    )
    return paper.render()


def fee_section(paper: Paper, dossier: Dossier, *, number: str) -> tuple[str, list[str]] | None:
    """Mẫu 01's fee line: the amount due, paid or what remains; nothing when nothing is due.

    ``number`` continues the paper's numbered points ("8"). While some remains and the commune has
    an account, returns the VietQR code and its caption (the account as text) for the caller to
    print beside its own code; otherwise None.
    """
    from forms.payments.plugins.vietqr import transfer_details
    from forms.payments.selectors import dossier_payment_state

    state = dossier_payment_state(dossier=dossier)
    if not state.shown:
        return None
    label = f"{number}. Phí, lệ phí phải nộp"
    if state.is_paid:
        paid_on = f", {date_words(state.paid_at)}" if state.paid_at else ""
        paper.field(label, f"{format_dong(state.due)} (đã thanh toán{paid_on})", bold_value=True)
        return None
    value = format_dong(state.due)
    if state.paid:
        value += f"; đã nộp {format_dong(state.paid)}, còn phải nộp {format_dong(state.remaining)}"
    paper.field(label, value, bold_value=True)
    # The account of the commune the dossier belongs to (issue #17), whatever host prints it.
    transfer = transfer_details(dossier=dossier, site_settings=dossier_commune_settings(dossier))
    if transfer is None:
        paper.paragraph("Nộp tại Bộ phận Một cửa.")
        return None
    account = f"Số tài khoản: {transfer.account}" + (f" – {transfer.account_name}" if transfer.account_name else "")
    return transfer.payload, [
        f"Chuyển khoản {transfer.amount_text} bằng mã VietQR",
        "Quét mã bằng ứng dụng ngân hàng; số tiền và nội dung đã điền sẵn. Hoặc chuyển khoản tay:",
        f"Ngân hàng: {transfer.bank_name}",
        account,
        f"Nội dung chuyển khoản: {transfer.memo}",
    ]
