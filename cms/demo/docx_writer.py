"""A tiny WordprocessingML (.docx) writer for the demo's form templates.

Only what a Vietnamese declaration form needs: the national motto header, centred titles, fill-in
lines drawn with dotted tab leaders, bordered tables and a signature block. It writes the parts
by hand with the standard library so that the committed .docx files can be rebuilt byte for byte
(fixed timestamps) without adding a dependency to the project.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# A4 portrait, 2 cm margins (left 3 cm, as Decree 30/2020 asks of administrative documents); twips.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 1701, 1134, 1134, 1134
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FONT = "Times New Roman"
FONT_SIZE_HALF_POINTS = 26  # 13 pt
FIELD_AFTER = 40  # twips after each fill-in line: a one-page tờ khai keeps its signature on page 1
ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed so rebuilding gives identical bytes

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" '
    'Target="docProps/app.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:styles xmlns:w="{W_NS}">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'
    f'<w:sz w:val="{FONT_SIZE_HALF_POINTS}"/><w:szCs w:val="{FONT_SIZE_HALF_POINTS}"/>'
    '<w:lang w:val="vi-VN"/>'
    "</w:rPr></w:rPrDefault>"
    '<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="60" w:line="264" w:lineRule="auto"/></w:pPr>'
    "</w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:tblPr><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>'
    "</w:tblPr></w:style>"
    "</w:styles>"
)


def _run(text: str, *, bold: bool = False, italic: bool = False, size: int | None = None) -> str:
    props = ""
    if bold:
        props += "<w:b/><w:bCs/>"
    if italic:
        props += "<w:i/><w:iCs/>"
    if size:
        props += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = text.split("\t")
    body = "<w:tab/>".join(f'<w:t xml:space="preserve">{escape(part)}</w:t>' for part in parts)
    return f"<w:r>{rpr}{body}</w:r>"


@dataclass
class Span:
    """A piece of text with its own emphasis inside one paragraph."""

    text: str
    bold: bool = False
    italic: bool = False
    size: int | None = None


def _paragraph(
    spans: list[Span],
    *,
    align: str = "both",
    tabs: list[tuple[int, str, str]] | None = None,
    before: int = 0,
    after: int = 60,
    indent_first: int = 0,
    keep_next: bool = False,
) -> str:
    # WordprocessingML fixes the order of paragraph properties: keepNext, tabs, spacing, ind, jc.
    ppr = "<w:keepNext/>" if keep_next else ""
    if tabs:
        ppr += "<w:tabs>" + "".join(
            f'<w:tab w:val="{kind}" w:leader="{leader}" w:pos="{pos}"/>' for pos, kind, leader in tabs
        )
        ppr += "</w:tabs>"
    ppr += f'<w:spacing w:before="{before}" w:after="{after}"/>'
    if indent_first:
        ppr += f'<w:ind w:firstLine="{indent_first}"/>'
    ppr += f'<w:jc w:val="{align}"/>'
    runs = "".join(_run(s.text, bold=s.bold, italic=s.italic, size=s.size) for s in spans)
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"


@dataclass
class DocxBuilder:
    """Collects the body of one form and writes it as a .docx package."""

    title: str
    subject: str = ""
    author: str = "Ủy ban nhân dân xã Hàm Liêm"
    body: list[str] = field(default_factory=list)

    # Paragraph helpers -------------------------------------------------------------------------

    def paragraph(
        self, *spans: Span | str, align: str = "both", before: int = 0, after: int = 60, indent=0, keep_next=False
    ):
        items = [s if isinstance(s, Span) else Span(s) for s in spans]
        self.body.append(
            _paragraph(items, align=align, before=before, after=after, indent_first=indent, keep_next=keep_next)
        )

    def national_header(self, *, form_code: str = ""):
        """The national name and motto every Vietnamese administrative form opens with."""
        if form_code:
            self.paragraph(Span(form_code, italic=True, size=22), align="right")
        self.paragraph(Span("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=26), align="center", after=0)
        self.paragraph(Span("Độc lập - Tự do - Hạnh phúc", bold=True, size=28), align="center", after=0)
        self.paragraph(Span("———————————", size=22), align="center", after=240)

    def title_block(self, title: str, subtitle: str = ""):
        self.paragraph(Span(title, bold=True, size=30), align="center", after=60 if subtitle else 240)
        if subtitle:
            self.paragraph(Span(subtitle, italic=True), align="center", after=240)

    def addressee(self, text: str):
        self.paragraph(Span("Kính gửi: ", bold=True), Span(text), align="center", after=200)

    def field(self, label: str, value: str = ""):
        """One fill-in line: the label, then dots to the right margin (a dotted tab leader)."""
        self.body.append(
            _paragraph(
                [Span(f"{label}: "), Span(value), Span("\t")],
                tabs=[(TEXT_WIDTH, "right", "dot")],
                align="left",
                after=FIELD_AFTER,
            )
        )

    def fields_row(self, *labels: str, weights: tuple[int, ...] | None = None):
        """Several short fill-in fields sharing one line; each field's dots end at a tab stop.

        ``weights`` share the line between the fields (equal shares by default).
        """
        weights = weights or (1,) * len(labels)
        total, stops, reached = sum(weights), [], 0
        for weight in weights:
            reached += weight
            stops.append(TEXT_WIDTH * reached // total)
        spans: list[Span] = []
        for index, label in enumerate(labels):
            spans += [Span(f"{' ' if index else ''}{label}: "), Span("\t")]
        tabs = [(stop, "right", "dot") for stop in stops]
        self.body.append(_paragraph(spans, tabs=tabs, align="left", after=FIELD_AFTER))

    def dotted_line(self):
        self.body.append(_paragraph([Span("\t")], tabs=[(TEXT_WIDTH, "right", "dot")], align="left", after=FIELD_AFTER))

    def checkbox_line(self, label: str, options: list[str], suffix: str = ""):
        """A question answered by ticking one of the boxes, with optional text after them."""
        boxes = "    ".join(f"☐ {option}" for option in options)
        if suffix:
            boxes += f";  {suffix}"
        self.paragraph(Span(f"{label}: "), Span(boxes), align="left", after=FIELD_AFTER)

    # Tables ------------------------------------------------------------------------------------

    def table(self, rows: list[list[str]], widths: list[int], *, header_rows: int = 1, borders: bool = True):
        """A table; ``widths`` are relative and scaled to the text width; empty cells get dots."""
        total = sum(widths)
        twips = [TEXT_WIDTH * w // total for w in widths]
        border_xml = ""
        if borders:
            border_xml = "<w:tblBorders>" + "".join(
                f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            border_xml += "</w:tblBorders>"
        xml = [
            f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/>{border_xml}'
            '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>'
            + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
            + "</w:tblGrid>"
        ]
        for index, row in enumerate(rows):
            header = index < header_rows
            cells = []
            for width, text in zip(twips, row, strict=True):
                lines = text.split("\n") if text else [""]
                paragraphs = "".join(
                    _paragraph(
                        [Span(line, bold=header and borders)],
                        align="center" if header or not borders else "left",
                        before=40,
                        after=40,
                    )
                    for line in lines
                )
                cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{paragraphs}</w:tc>')
            trpr = '<w:trPr><w:trHeight w:val="440"/></w:trPr>' if borders else ""
            xml.append(f"<w:tr>{trpr}{''.join(cells)}</w:tr>")
        xml.append("</w:tbl>")
        self.body.append("".join(xml))
        self.paragraph("")

    def signature_block(self, place_line: str, columns: list[tuple[str, str]]):
        """The dated place line on the right, then one signature column per signer.

        A single signer signs in the right half, under the place line, as on the official forms.
        """
        if len(columns) == 1:
            columns = [("", ""), *columns]
        self.paragraph(Span(place_line, italic=True), align="right", before=120, keep_next=True)
        rows = [[heading for heading, _ in columns], [note for _, note in columns]]
        total = len(columns)
        twips = [TEXT_WIDTH // total] * total
        xml = [
            f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
            "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips) + "</w:tblGrid>"
        ]
        for index, row in enumerate(rows):
            cells = "".join(
                f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>'
                + _paragraph(
                    [Span(text, bold=index == 0, italic=index == 1)], align="center", after=0, keep_next=index == 0
                )
                + "</w:tc>"
                for w, text in zip(twips, row, strict=True)
            )
            xml.append(f"<w:tr>{cells}</w:tr>")
        xml.append("</w:tbl>")
        self.body.append("".join(xml))
        for _ in range(3):
            self.paragraph("")

    def notes(self, heading: str, lines: list[str]):
        self.paragraph(Span(heading, bold=True, italic=True, size=22), before=240)
        for line in lines:
            self.paragraph(Span(line, italic=True, size=22), after=20)

    # Output ------------------------------------------------------------------------------------

    def _document_xml(self) -> str:
        sect = (
            f'<w:sectPr><w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
            f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
            f'w:left="{MARGIN_LEFT}" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>'
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{"".join(self.body)}{sect}</w:body></w:document>'
        )

    def _core_xml(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(self.title)}</dc:title><dc:subject>{escape(self.subject)}</dc:subject>"
            f"<dc:creator>{escape(self.author)}</dc:creator><dc:language>vi-VN</dc:language>"
            '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified>'
            "</cp:coreProperties>"
        )

    def _app_xml(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>Cổng dịch vụ công cấp xã</Application></Properties>"
        )

    def write(self, path: Path) -> None:
        parts = [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", PACKAGE_RELS),
            ("docProps/core.xml", self._core_xml()),
            ("docProps/app.xml", self._app_xml()),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS),
            ("word/styles.xml", STYLES),
            ("word/document.xml", self._document_xml()),
        ]
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, content in parts:
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, content.encode("utf-8"))
