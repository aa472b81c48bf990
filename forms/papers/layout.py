"""The one layout every paper shares: A4 page, header, title, fields, tables and signature blocks.

Official papers of the one-stop counter (forms of Circular 01/2018/TT-VPCP) carry the same head:
on the left the governing body, the issuing unit and the dossier code; on the right the national
name, the motto (underlined) and the place and date line. Margins follow the presentation rules of
administrative documents (Decree 30/2020/NĐ-CP: top and bottom 20 mm, left 30 mm, right 15 mm).

The font travels with the project (forms/papers/fonts/DejaVuSans*.ttf, licence beside it): the
base PDF fonts have no Vietnamese glyphs and production machines may have no system fonts at all.
Every string that came from a person (names, notes, answers) is escaped before it reaches a
``Paragraph``, whose text is markup.
"""

import io
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import qrcode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from django.utils import timezone

from wagtail.models import Site

from cms.models import CommuneSettings
from cms.text import unit_place_name

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "PortalSans"
FONT_BOLD = "PortalSans-Bold"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

BODY_SIZE = 11
BLANK = "…………………"
SIGN_HINT = "(Ký và ghi rõ họ tên)"
SIGN_AND_SEAL_HINT = "(Ký, ghi rõ họ tên và đóng dấu)"


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def _style(name: str, **overrides) -> ParagraphStyle:
    values = {"fontName": FONT, "fontSize": BODY_SIZE, "leading": BODY_SIZE * 1.4, "spaceAfter": 2}
    values.update(overrides)
    return ParagraphStyle(name, **values)


STYLES = {
    "body": _style("body", alignment=TA_JUSTIFY),
    "center": _style("center", alignment=TA_CENTER),
    "head": _style("head", fontSize=10.5, leading=13.5, alignment=TA_CENTER, spaceAfter=0),
    "head_bold": _style(
        "head_bold", fontName=FONT_BOLD, fontSize=10.5, leading=13.5, alignment=TA_CENTER, spaceAfter=0
    ),
    "title": _style("title", fontName=FONT_BOLD, fontSize=13.5, leading=18, alignment=TA_CENTER, spaceBefore=12),
    "subtitle": _style("subtitle", alignment=TA_CENTER, spaceAfter=8),
    "section": _style("section", fontName=FONT_BOLD, spaceBefore=6),
    "cell": _style("cell", fontSize=9.5, leading=12.5, spaceAfter=0),
    "cell_head": _style("cell_head", fontName=FONT_BOLD, fontSize=9.5, leading=12.5, alignment=TA_CENTER, spaceAfter=0),
    "cell_center": _style("cell_center", fontSize=9.5, leading=12.5, alignment=TA_CENTER, spaceAfter=0),
    "small": _style("small", fontSize=8.5, leading=11),
    "big": _style("big", fontName=FONT_BOLD, fontSize=22, leading=28, alignment=TA_CENTER),
}


def text(value) -> str:
    """``value`` as safe Paragraph markup (it may hold ``<`` or ``&`` typed by a citizen)."""
    return escape(str(value if value is not None else ""))


def date_words(value: date | datetime | None) -> str:
    """ "ngày 07 tháng 12 năm 2026", or the blank an officer fills in by hand."""
    if value is None:
        return "ngày … tháng … năm …"
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return f"ngày {value:%d} tháng {value:%m} năm {value:%Y}"


def time_words(value: datetime) -> str:
    """ "14 giờ 05 phút, ngày 07 tháng 12 năm 2026" (local time)."""
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, {date_words(local)}"


def time_short(value: datetime) -> str:
    """ "14 giờ 05 phút, ngày 07/12/2026", for table cells."""
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


@dataclass(frozen=True)
class Issuer:
    """Who issues the papers: the committee, its one-stop counter, the place name and contacts."""

    committee: str
    unit: str
    place: str
    address: str
    hotline: str
    email: str

    @property
    def counter(self) -> str:
        return f"Bộ phận Một cửa – {self.committee}"


def issuer_for_site(site: Site | None = None) -> Issuer:
    """The issuer from the commune settings of ``site`` (the default site when None)."""
    site = site or Site.objects.filter(is_default_site=True).first()
    settings = CommuneSettings.for_site(site) if site else CommuneSettings()
    return Issuer(
        committee=settings.committee,
        unit="Bộ phận Một cửa",
        # The place line carries the place name only ("Hàm Chính, ngày …"), as official papers do.
        place=unit_place_name(settings.commune_name) or "…",
        address=settings.address.strip(),
        hotline=settings.hotline.strip(),
        email=settings.email.strip(),
    )


def qr_image(data: str, *, size: float) -> Image:
    """A QR code of ``data`` as a flowable ``size`` wide."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    buffer.seek(0)
    return Image(buffer, width=size, height=size)


@dataclass(frozen=True)
class Signature:
    """A signature block: the role in capitals, how to sign, and the name when known."""

    role: str
    name: str = ""
    hint: str = SIGN_HINT


def _table_style(commands: list[tuple]) -> TableStyle:
    # A table sets its own font (Helvetica by default) before drawing its cells, even when every
    # cell is a Paragraph: naming ours keeps base fonts out of the file.
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), BODY_SIZE), *commands])


class Paper:
    """A paper being laid out: add the parts in order, then ``render()`` the PDF bytes.

    ``official`` papers carry the issuing body on the left of the header; the citizen's own papers
    (the declaration) carry the national name and motto only, centred, with the dossier code.
    """

    def __init__(self, *, issuer: Issuer, code: str, title: str, issued: date | datetime | None, official: bool = True):
        _register_fonts()
        self.issuer, self.code, self.title = issuer, code, title
        self.story: list[Flowable] = []
        self._header(issued=issued, official=official)

    # Header and title

    def _header(self, *, issued, official: bool) -> None:
        place_line = f"{text(self.issuer.place)}, {date_words(issued)}"
        right = [
            Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", STYLES["head_bold"]),
            Paragraph("<u>Độc lập - Tự do - Hạnh phúc</u>", STYLES["head_bold"]),
            Spacer(1, 3 * mm),
            Paragraph(place_line, STYLES["head"]),
        ]
        code_line = f"Mã hồ sơ: {text(self.code)}"
        if not official:
            self.story += [Paragraph(code_line, STYLES["small"]), *right]
            return
        left = [
            Paragraph(text(self.issuer.committee.upper()), STYLES["head"]),
            Paragraph(text(self.issuer.unit.upper()), STYLES["head_bold"]),
            Spacer(1, 3 * mm),
            Paragraph(code_line, STYLES["head"]),
        ]
        table = Table([[left, right]], colWidths=[FRAME_WIDTH * 0.42, FRAME_WIDTH * 0.58])
        table.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        self.story.append(table)

    def heading(self, title: str, *subtitles: str) -> "Paper":
        """The paper's title in capitals, with optional lines under it."""
        self.story.append(Paragraph(text(title), STYLES["title"]))
        for line in subtitles:
            self.story.append(Paragraph(text(line), STYLES["subtitle"]))
        return self

    # Body

    def paragraph(self, value: str, *, bold: bool = False, style: str = "body") -> "Paper":
        markup = text(value)
        self.story.append(Paragraph(f"<b>{markup}</b>" if bold else markup, STYLES[style]))
        return self

    def lines(self, value: str) -> "Paper":
        """Text kept line by line (a citizen's or officer's note)."""
        for line in (value or "").splitlines() or [""]:
            if line.strip():
                self.paragraph(line.strip())
        return self

    def section(self, value: str) -> "Paper":
        self.story.append(Paragraph(text(value), STYLES["section"]))
        return self

    def field(self, label: str, value, *, bold_value: bool = False) -> "Paper":
        """One "label: value" line; an empty value leaves a dotted blank."""
        shown = text(value) if value not in (None, "") else BLANK
        self.story.append(Paragraph(f"{text(label)}: {f'<b>{shown}</b>' if bold_value else shown}", STYLES["body"]))
        return self

    def fields(self, rows: Iterable[tuple[str, object]]) -> "Paper":
        for label, value in rows:
            self.field(label, value)
        return self

    def numbered(self, items: Sequence[str]) -> "Paper":
        for number, item in enumerate(items, start=1):
            self.story.append(
                Paragraph(f"{number}. {text(item)}", _style("item", leftIndent=6 * mm, firstLineIndent=-5 * mm))
            )
        return self

    def checklist(self, items: Sequence[str]) -> "Paper":
        """Boxes to tick by hand (☐ + the item)."""
        for item in items:
            self.story.append(Paragraph(f"☐ {text(item)}", _style("check", leftIndent=6 * mm, firstLineIndent=-6 * mm)))
        return self

    def space(self, height: float = 4 * mm) -> "Paper":
        self.story.append(Spacer(1, height))
        return self

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[object]],
        *,
        widths: Sequence[float],
        centered: Collection[int] = (0,),
    ) -> "Paper":
        """A grid whose cells wrap (a "\\n" in a value breaks the line).

        ``widths`` are fractions of the text width; columns in ``centered`` are centred (the number
        column by default); the head row repeats on every page.
        """
        data = [[Paragraph(text(head), STYLES["cell_head"]) for head in headers]]
        for row in rows:
            data.append(
                [
                    Paragraph(
                        "<br/>".join(text(part) for part in str(value).split("\n")),
                        STYLES["cell_center"] if index in centered else STYLES["cell"],
                    )
                    for index, value in enumerate(row)
                ]
            )
        table = Table(data, colWidths=[FRAME_WIDTH * width for width in widths], repeatRows=1)
        table.setStyle(
            _table_style(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ]
            )
        )
        self.story += [Spacer(1, 1.5 * mm), table, Spacer(1, 2 * mm)]
        return self

    def qr(self, data: str, *, caption: Sequence[str], size: float = 30 * mm) -> "Paper":
        """A QR code with a few lines of explanation beside it."""
        beside = [Paragraph(f"<b>{text(caption[0])}</b>", STYLES["body"])]
        beside += [Paragraph(text(line), STYLES["small"]) for line in caption[1:]]
        table = Table([[qr_image(data, size=size), beside]], colWidths=[size + 4 * mm, FRAME_WIDTH - size - 4 * mm])
        table.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)]))
        self.story += [Spacer(1, 2 * mm), table]
        return self

    def qrs(self, codes: Sequence[tuple[str, Sequence[str]]], *, size: float = 28 * mm) -> "Paper":
        """Several QR codes side by side, each with its caption under it (keeps a paper to one page)."""
        cells = []
        for data, caption in codes:
            cell = [qr_image(data, size=size), Paragraph(f"<b>{text(caption[0])}</b>", STYLES["cell"])]
            cell += [Paragraph(text(line), STYLES["small"]) for line in caption[1:]]
            cells.append(cell)
        table = Table([cells], colWidths=[FRAME_WIDTH / len(cells)] * len(cells))
        table.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)]))
        self.story += [Spacer(1, 2 * mm), table]
        return self

    def big(self, value: str) -> "Paper":
        self.story.append(Paragraph(text(value), STYLES["big"]))
        return self

    def append(self, flowable: Flowable) -> "Paper":
        self.story.append(flowable)
        return self

    def signatures(self, *blocks: Signature) -> "Paper":
        """Signature blocks side by side, kept on one page: role, how to sign, room to sign, name.

        A single block sits on the right half, where official papers put the signer.
        """
        cells: list = [""] if len(blocks) == 1 else []
        for block in blocks:
            cells.append(
                [
                    Paragraph(text(block.role.upper()), STYLES["head_bold"]),
                    Paragraph(text(block.hint), STYLES["head"]),
                    Spacer(1, 22 * mm),
                    Paragraph(f"<b>{text(block.name)}</b>" if block.name else "", STYLES["head"]),
                ]
            )
        table = Table([cells], colWidths=[FRAME_WIDTH / len(cells)] * len(cells))
        table.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        self.story.append(KeepTogether([Spacer(1, 6 * mm), table]))
        return self

    # Output

    def render(self) -> bytes:
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"{self.title} – {self.code}",
            author=self.issuer.committee,
            subject=self.code,
            creator="Cổng dịch vụ công",
            pageCompression=1,
            # Without it the canvas starts in Helvetica, a base font with no Vietnamese glyphs.
            initialFontName=FONT,
            initialFontSize=BODY_SIZE,
        )
        document.build(self.story, onLaterPages=self._page_number)
        return buffer.getvalue()

    @staticmethod
    def _page_number(canvas, document) -> None:
        # From the second page on, the page number at the top centre (Decree 30/2020/NĐ-CP).
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 12 * mm, str(document.page))
        canvas.restoreState()
