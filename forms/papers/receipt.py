"""The receipt "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" as a PDF.

The font travels with the project (forms/papers/fonts/DejaVuSans*.ttf, licence beside it): base PDF
fonts have no Vietnamese glyphs, and production machines may have no system fonts at all.
"""

import io
from pathlib import Path

import qrcode
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from django.utils import timezone

from cms.models import CommuneSettings
from forms.intake.fields import format_address
from forms.models import DeliveryMethod, Dossier

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "PortalSans"
FONT_BOLD = "PortalSans-Bold"


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def qr_image(url: str) -> ImageReader:
    """A QR code of ``url`` as an image reportlab can draw."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    buffer.seek(0)
    return ImageReader(buffer)


class _Writer:
    """Writes wrapped lines downwards and starts a new page when the bottom margin is reached."""

    def __init__(self, pdf: canvas.Canvas, top: float, left: float, width: float, bottom: float = 20 * mm):
        self.pdf, self.y, self.left, self.width = pdf, top, left, width
        self.top, self.bottom = top, bottom

    def line(self, text: str, *, size: float = 10.5, bold: bool = False, center: bool = False, gap: float = 1.5):
        font = FONT_BOLD if bold else FONT
        for part in simpleSplit(text, font, size, self.width) or [""]:
            if self.y < self.bottom:
                self.pdf.showPage()
                self.y = self.top
            self.pdf.setFont(font, size)
            if center:
                self.pdf.drawCentredString(self.left + self.width / 2, self.y, part)
            else:
                self.pdf.drawString(self.left, self.y, part)
            self.y -= size + gap * mm / 2
        return self

    def space(self, height: float = 3 * mm):
        self.y -= height
        return self


def receipt_pdf(*, dossier: Dossier, tracking_url: str) -> bytes:
    """Render the receipt of ``dossier`` with a QR code pointing at ``tracking_url``."""
    _register_fonts()
    site_settings = CommuneSettings.objects.first() or CommuneSettings(commune_name="Xã")
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"Giấy tiếp nhận hồ sơ {dossier.code}")
    pdf.setAuthor(site_settings.committee_name)
    width, height = A4
    margin = 20 * mm
    writer = _Writer(pdf, height - margin, margin, width - 2 * margin)

    half = (width - 2 * margin) / 2
    pdf.setFont(FONT_BOLD, 10)
    pdf.drawCentredString(margin + half / 2, writer.y, site_settings.committee_name.upper())
    pdf.drawCentredString(margin + half * 1.5, writer.y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    writer.y -= 13
    pdf.setFont(FONT, 10)
    pdf.drawCentredString(margin + half / 2, writer.y, "BỘ PHẬN MỘT CỬA")
    pdf.setFont(FONT_BOLD, 10)
    pdf.drawCentredString(margin + half * 1.5, writer.y, "Độc lập – Tự do – Hạnh phúc")
    writer.y -= 13
    pdf.setFont(FONT, 10)
    pdf.drawCentredString(margin + half / 2, writer.y, f"Mã hồ sơ: {dossier.code}")
    writer.space(10 * mm)

    writer.line("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", size=14, bold=True, center=True).space()
    received = timezone.localtime(dossier.received_at)
    writer.line(f"Bộ phận Tiếp nhận và Trả kết quả – {site_settings.committee_name}")
    writer.line(f"Tiếp nhận hồ sơ của: {dossier.applicant_name}")
    writer.line(f"Số định danh cá nhân: {dossier.applicant_id_number}    Điện thoại: {dossier.applicant_phone}")
    address = format_address(dossier.applicant.get("address"))
    if address:
        writer.line(f"Địa chỉ: {address}")
    if dossier.applicant_email:
        writer.line(f"Thư điện tử: {dossier.applicant_email}")
    writer.line(f"Nội dung yêu cầu giải quyết: {dossier.procedure_title} (mã thủ tục {dossier.procedure_code})")
    writer.line(f"Thời gian giải quyết hồ sơ theo quy định: {dossier.processing_days} ngày làm việc.")
    writer.line(f"Thời gian nhận hồ sơ: {received:%H giờ %M phút, ngày %d/%m/%Y}.", bold=True)
    writer.line(f"Thời gian trả kết quả giải quyết hồ sơ: ngày {dossier.due_date:%d/%m/%Y}.", bold=True)
    if dossier.delivery_method == DeliveryMethod.POST:
        writer.line(f"Nhận kết quả qua dịch vụ bưu chính công ích tại: {format_address(dossier.delivery_address)}")
    else:
        writer.line("Nhận kết quả tại Bộ phận Một cửa; khi đến mang theo giấy này và giấy tờ tùy thân.")
    if dossier.extra_copies:
        writer.line(f"Số bản sao thêm: {dossier.extra_copies}.")
    writer.space(4 * mm)

    # The QR code and the tracking note sit right under the dates, before the (long) document list.
    qr_size = 34 * mm
    qr_top = writer.y
    pdf.drawImage(qr_image(tracking_url), margin, qr_top - qr_size, qr_size, qr_size)
    text = _Writer(pdf, qr_top - 4 * mm, margin + qr_size + 5 * mm, width - 2 * margin - qr_size - 5 * mm)
    text.line("Tra cứu tình trạng hồ sơ", bold=True)
    text.line(
        "Quét mã QR hoặc mở trang Tra cứu hồ sơ trên cổng dịch vụ công của xã, nhập mã hồ sơ và số điện thoại đã khai.",
        size=9.5,
    )
    text.line(tracking_url, size=7)
    writer.y = qr_top - qr_size - 6 * mm

    writer.line("Thành phần hồ sơ nộp gồm (01 bộ, nộp trực tuyến):", bold=True)
    for index, attachment in enumerate(dossier.attachments.all(), start=1):
        label = attachment.label if len(attachment.label) <= 160 else attachment.label[:157] + "…"
        writer.line(f"{index}. {label} – tệp {attachment.original_name}", size=9.5)
    writer.space(6 * mm)
    writer.line(f"Ngày {received:%d} tháng {received:%m} năm {received:%Y}", size=10)
    writer.line("Người tiếp nhận hồ sơ: Hệ thống tiếp nhận hồ sơ trực tuyến", size=10)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
