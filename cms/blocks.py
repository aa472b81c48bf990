"""StreamField blocks shared by every page type; each block renders with one template."""

from django.conf import settings

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading inside an article or standard page (h2 or h3)."""

    text = blocks.CharBlock(label="Tiêu đề", max_length=200)
    level = blocks.ChoiceBlock(choices=[("h2", "Cấp 2"), ("h3", "Cấp 3")], default="h2", label="Cấp tiêu đề")

    class Meta:
        icon = "title"
        label = "Tiêu đề mục"
        template = "cms/blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    """An image with its caption and the alternative text screen readers speak."""

    image = ImageChooserBlock(label="Ảnh")
    alt_text = blocks.CharBlock(label="Mô tả ảnh cho người khiếm thị", max_length=250)
    caption = blocks.CharBlock(label="Chú thích", required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Ảnh"
        template = "cms/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation with its source (a leader, a legal text, a citizen)."""

    text = blocks.TextBlock(label="Trích dẫn")
    source = blocks.CharBlock(label="Nguồn", required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = "Trích dẫn"
        template = "cms/blocks/quote_block.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a note, a tip or a warning for the reader."""

    kind = blocks.ChoiceBlock(
        choices=[("info", "Thông tin"), ("tip", "Gợi ý"), ("warning", "Lưu ý")],
        default="info",
        label="Loại",
    )
    title = blocks.CharBlock(label="Tiêu đề", required=False, max_length=200)
    text = blocks.RichTextBlock(label="Nội dung", features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        label = "Hộp ghi chú"
        template = "cms/blocks/callout_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    """A link to download a document from the library (a form, a decision, a leaflet)."""

    document = DocumentChooserBlock(label="Tài liệu")
    title = blocks.CharBlock(label="Tên hiển thị", required=False, max_length=250)

    class Meta:
        icon = "doc-full"
        label = "Tài liệu tải về"
        template = "cms/blocks/document_link_block.html"


class RetentionNoticeBlock(blocks.StaticBlock):
    """The privacy notice's facts, read from the commune settings when the page renders.

    What is kept, why, and for how long (Decree 13/2023/NĐ-CP): the purpose and period of the
    commune's settings and the procedures with a period of their own, so the page never states a
    number the portal does not apply. Saving the settings or publishing a procedure clears the
    page cache (``cms.cache``), so the notice follows them.
    """

    class Meta:
        icon = "lock"
        label = "Thời hạn lưu trữ dữ liệu cá nhân"
        admin_text = "Hiện mục đích và thời hạn lưu trữ dữ liệu cá nhân theo Thông tin xã và từng thủ tục."
        template = "cms/blocks/retention_notice_block.html"

    def get_context(self, value, parent_context=None):
        from wagtail.models import Site

        from cms.selectors import retention_notice

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        site = Site.find_for_request(request) if request is not None else None
        site = site or Site.objects.filter(is_default_site=True).first()
        context["notice"] = retention_notice(site=site) if site is not None else None
        context["draft_days"] = settings.FORMS_DRAFT_DAYS
        return context


class BodyBlock(blocks.StreamBlock):
    """The one block set for article and standard page bodies."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label="Đoạn văn",
        icon="pilcrow",
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"],
        template="cms/blocks/paragraph_block.html",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    document = DocumentLinkBlock()
    retention_notice = RetentionNoticeBlock()


class StepBlock(blocks.StructBlock):
    """One step of a procedure (trình tự thực hiện)."""

    title = blocks.CharBlock(label="Tên bước", required=False, max_length=255)
    description = blocks.TextBlock(label="Nội dung")

    class Meta:
        icon = "list-ol"
        label = "Bước thực hiện"


STEP_START = ("- ", "– ")
NOTE_START = ("*",)


def numbered_steps(steps) -> tuple[list[dict], str]:
    """The steps citizens read as a numbered list, and a closing note ("* Lưu ý: …").

    The national catalogue often gives the whole "Trình tự thực hiện" as one text whose steps are
    lines starting with "- ". Such an untitled step is split at those lines: text before the first
    dash stays with the first step, continuation lines with their step, and from the first line
    starting with "*" the rest is a note shown after the list. Titled steps are kept as they are.
    """
    result: list[dict] = []
    note = ""
    for step in steps:
        title, text = (step.get("title") or "").strip(), (step.get("description") or "").strip()
        lines = text.splitlines()
        if title or sum(line.lstrip().startswith(STEP_START) for line in lines) < 2:
            result.append({"title": title, "description": text})
            continue
        current: list[str] = []
        for index, line in enumerate(lines):
            stripped = line.strip()
            if stripped.startswith(NOTE_START):
                note = "\n".join(part.strip() for part in lines[index:]).strip()
                break
            if stripped.startswith(STEP_START) and current:
                result.append({"title": "", "description": "\n".join(current)})
                current = []
            current.append(stripped[2:].strip() if stripped.startswith(STEP_START) else stripped)
        if current:
            result.append({"title": "", "description": "\n".join(current)})
    return result, note


CHANNEL_ONLINE = "online"
CHANNEL_POSTAL = "postal"
CHANNEL_IN_PERSON = "in_person"
CHANNEL_CHOICES = [
    (CHANNEL_IN_PERSON, "Trực tiếp"),
    (CHANNEL_ONLINE, "Trực tuyến"),
    (CHANNEL_POSTAL, "Dịch vụ bưu chính"),
]


def channel_summary(channels, key: str) -> str:
    """One text for the whole procedure from its channels' ``key`` ("processing_time" or "fee").

    The same text everywhere: "Miễn phí"; when channels differ, each with its channel
    ("Trực tiếp: 5 ngày làm việc; Trực tuyến: 3 ngày làm việc"). As the importer summarises.
    """
    labels = dict(CHANNEL_CHOICES)
    values = [(channel["kind"], (channel.get(key) or "").strip()) for channel in channels]
    distinct = list(dict.fromkeys(value for _kind, value in values if value))
    if len(distinct) <= 1:
        return distinct[0] if distinct else ""
    parts = [f"{labels.get(kind, kind)}: {value}" for kind, value in values if value]
    return "; ".join(dict.fromkeys(parts))


class ChannelBlock(blocks.StructBlock):
    """One way to submit the dossier (cách thức thực hiện) with its time and fee.

    Time and fee are entered here only: the procedure's summary ("Thời hạn giải quyết", "Phí, lệ
    phí") is made from its channels, see ``cms.forms.ProcedurePageForm``.
    """

    kind = blocks.ChoiceBlock(choices=CHANNEL_CHOICES, label="Hình thức nộp")
    processing_time = blocks.CharBlock(
        label="Thời hạn giải quyết",
        required=False,
        max_length=500,
        help_text="Ví dụ: 5 ngày làm việc. Ghi bằng ngày, giờ hoặc tuần để hạn trả kết quả được tính tự động.",
    )
    fee = blocks.TextBlock(label="Phí, lệ phí", required=False, help_text="Ví dụ: Miễn phí; 8.000 đồng/bản")
    description = blocks.TextBlock(label="Mô tả", required=False)

    class Meta:
        icon = "mail"
        label = "Cách thức thực hiện"


class LegalBasisBlock(blocks.StructBlock):
    """One legal document the procedure rests on (căn cứ pháp lý)."""

    title = blocks.CharBlock(label="Tên văn bản", max_length=1000)
    number = blocks.CharBlock(label="Số, ký hiệu", required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        label = "Văn bản pháp lý"
