"""Pages of the forms app: the list of online forms and one submission form per procedure."""

from django.db import models
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.models.mixins import AsciiSlugMixin
from forms.blocks import DeclarationBlock

DEFAULT_COMMITMENT = (
    "Tôi cam đoan những nội dung khai trên đây là đúng sự thật, các giấy tờ nộp kèm là bản chụp, bản "
    "sao đúng với bản chính, và chịu trách nhiệm trước pháp luật về cam đoan của mình."
)
DEFAULT_NEXT_STEPS = (
    "Bộ phận Một cửa kiểm tra hồ sơ trong giờ hành chính. Nếu cần bổ sung, chúng tôi báo cho ông/bà "
    "qua thư điện tử hoặc điện thoại, và ông/bà bổ sung ngay trên trang tra cứu hồ sơ. Khi nhận kết quả, "
    "ông/bà mang theo giấy tiếp nhận hồ sơ và giấy tờ tùy thân; nếu chọn nhận qua bưu chính, nhân viên "
    "bưu điện sẽ liên hệ trước khi giao."
)


class SubmissionFormIndexPage(AsciiSlugMixin, Page):
    """The list of procedures citizens can submit online (/nop-ho-so-truc-tuyen/)."""

    intro = models.TextField("lời giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["forms.SubmissionFormPage"]
    max_count = 1

    class Meta:
        verbose_name = "danh sách biểu mẫu nộp hồ sơ trực tuyến"
        verbose_name_plural = "danh sách biểu mẫu nộp hồ sơ trực tuyến"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["form_pages"] = (
            SubmissionFormPage.objects.live().public().child_of(self).select_related("procedure").order_by("title")
        )
        return context


class SubmissionFormPage(AsciiSlugMixin, Page):
    """An online submission form for one procedure (level 3).

    The wizard runs standard steps around the editor-built declaration: applicant → declaration
    steps → required documents (one slot per ``ProcedureDocument``) → result delivery → check your
    answers → commitment and submit. ``done()`` makes one call to ``dossier_submit``.
    """

    procedure = models.ForeignKey(
        "cms.ProcedurePage",
        verbose_name="thủ tục hành chính",
        on_delete=models.PROTECT,
        related_name="submission_forms",
    )
    intro = models.TextField(
        "hướng dẫn", blank=True, help_text="Hiện ở đầu biểu mẫu: ai nộp, cần chuẩn bị gì, mất bao lâu."
    )
    declaration = StreamField(DeclarationBlock(), blank=True, verbose_name="các bước khai (tờ khai)")
    postal_fee_note = models.TextField(
        "ghi chú cước bưu chính",
        blank=True,
        default="Cước dịch vụ bưu chính công ích do người dân trả khi nhận kết quả, theo bảng giá của bưu điện.",
    )
    commitment_text = models.TextField("lời cam đoan", default=DEFAULT_COMMITMENT)
    next_steps = models.TextField("các bước tiếp theo", default=DEFAULT_NEXT_STEPS)

    content_panels = Page.content_panels + [
        FieldPanel("procedure"),
        FieldPanel("intro"),
        FieldPanel("declaration"),
        MultiFieldPanel(
            [FieldPanel("postal_fee_note"), FieldPanel("commitment_text"), FieldPanel("next_steps")],
            heading="Nhận kết quả, cam đoan và hướng dẫn sau khi nộp",
        ),
    ]

    parent_page_types = ["forms.SubmissionFormIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "biểu mẫu nộp hồ sơ trực tuyến"
        verbose_name_plural = "biểu mẫu nộp hồ sơ trực tuyến"

    @cached_property
    def declaration_steps(self) -> list[tuple[str, dict]]:
        """The editor's declaration steps as (wizard step name, step value)."""
        return [(f"khai-{index + 1}", block.value) for index, block in enumerate(self.declaration)]

    def serve(self, request, *args, **kwargs):
        from forms.views import submission_wizard_serve

        return submission_wizard_serve(request, page=self)
