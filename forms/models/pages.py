"""Pages of the forms app: the list of online forms and one submission form per procedure."""

from django.db import models
from django.http import Http404, HttpRequest
from django.utils.functional import cached_property

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from cms.forms import PortalPageForm
from cms.models.mixins import AsciiSlugMixin
from forms.intake.blocks import DeclarationBlock

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

DEFAULT_POSTAL_FEE_NOTE = (
    "Cước dịch vụ bưu chính công ích do người dân trả khi nhận kết quả, theo bảng giá của bưu điện."
)


class SubmissionFormIndexPage(AsciiSlugMixin, Page):
    """The list of procedures citizens can submit online (/nop-ho-so-truc-tuyen/)."""

    intro = models.TextField("lời giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["forms.SubmissionFormPage"]
    # One per commune (issue #17: each commune's home page may hold its own).
    max_count_per_parent = 1

    class Meta:
        verbose_name = "danh sách biểu mẫu nộp hồ sơ trực tuyến"
        verbose_name_plural = "danh sách biểu mẫu nộp hồ sơ trực tuyến"

    def get_context(self, request, *args, **kwargs):
        from cms.communes import commune_directory, commune_for_request
        from forms.intake.selectors import commune_form_pages

        context = super().get_context(request, *args, **kwargs)
        site = commune_for_request(request)
        # Issue #17: the commune's own forms and the shared ones (the default commune's).
        context["form_pages"] = commune_form_pages(index_page=self, site=site)
        # Most procedures take dossiers through the standard flow, with no form here: point to this
        # commune's directory filtered to them.
        context["directory"] = commune_directory(site) if site else None
        return context

    def _shared_form(self, slug: str):
        """The shared form ``slug`` when this index is not the shared one itself (issue #17)."""
        from forms.intake.selectors import shared_form_index

        shared = shared_form_index()
        if shared is None or shared.index_id == self.pk:
            return None
        page = (
            SubmissionFormPage.objects.filter(
                path__startswith=shared.path, depth=len(shared.path) // self.steplen + 1, slug=slug
            )
            .select_related("procedure")
            .first()
        )
        if page is not None:
            page._cached_parent_obj = self  # as Page.route does: breadcrumbs within this commune
        return page

    def route(self, request, path_components):
        # A shared form is served below every commune's index, at that commune's address, like
        # the shared procedures below its directory (ProcedureIndexPage.route); the commune's own
        # child of that slug wins, and looking costs nothing more on the default commune.
        try:
            return super().route(request, path_components)
        except Http404:
            page = self._shared_form(path_components[0]) if len(path_components) == 1 else None
            if page is None:
                raise
            return page.route(request, [])

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        if request is None:
            return urls
        from cms.communes import commune_for_request
        from forms.intake.selectors import commune_form_pages

        own = set(self.get_children().values_list("pk", flat=True))
        for page in commune_form_pages(index_page=self, site=commune_for_request(request)):
            if page.pk not in own:
                urls += page.get_sitemap_urls(request)
        return urls


class SubmissionFormPageForm(PortalPageForm):
    """The form page's admin form: the document choices offer only the chosen procedure's papers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("document_choices")
        if formset is None:
            return
        from cms.models import ProcedureDocument

        queryset = ProcedureDocument.objects.filter(page_id=self.instance.procedure_id).order_by("sort_order")

        class ProcedurePapersForm(formset.form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                field = self.fields["document"]
                field.queryset = queryset
                field.label_from_instance = lambda doc: f"{doc.name[:120]} ({doc.get_kind_display()})"

        # Every row, and the empty row the "add" button copies, is built from this class.
        formset.form = ProcedurePapersForm


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
        default=DEFAULT_POSTAL_FEE_NOTE,
    )
    ask_on_behalf = models.BooleanField(
        "hỏi người nộp có nộp thay người khác không",
        default=True,
        help_text="Bỏ chọn khi tờ khai đã ghi rõ người được đăng ký (ví dụ khai sinh cho trẻ).",
    )
    commitment_text = models.TextField("lời cam đoan", default=DEFAULT_COMMITMENT)
    next_steps = models.TextField("các bước tiếp theo", default=DEFAULT_NEXT_STEPS)

    base_form_class = SubmissionFormPageForm

    content_panels = Page.content_panels + [
        FieldPanel("procedure"),
        FieldPanel("intro"),
        FieldPanel("ask_on_behalf"),
        FieldPanel("declaration"),
        InlinePanel(
            "document_choices",
            heading="Giấy tờ tải lên (tùy chỉnh)",
            label="Giấy tờ",
            help_text="Mặc định hỏi theo loại giấy tờ của thủ tục. Thêm dòng để không hỏi một giấy tờ, "
            "hoặc hỏi bắt buộc / không bắt buộc. Lưu trang sau khi chọn thủ tục để danh sách giấy tờ hiện ra.",
        ),
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

    def get_url_parts(self, request=None):
        # Province scale (issue #17): a shared form (below the default commune's index) linked on
        # another commune's host lives at that commune's address, below its own forms index.
        if isinstance(request, HttpRequest):
            from cms.communes import commune_for_request
            from forms.intake.selectors import commune_form_index, shared_form_index

            site = commune_for_request(request)
            shared = shared_form_index()
            if site is not None and shared is not None and self.path[: -self.steplen] == shared.path:
                place = commune_form_index(site)
                if place is not None and place.index_id != shared.index_id:
                    return site.pk, site.root_url, f"{place.directory_path}{self.slug}/"
        return super().get_url_parts(request)

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect, render

        from cms.communes import commune_for_request
        from cms.selectors import local_procedure, procedure_carried_out
        from forms.intake.flows import flow_for_page
        from forms.intake.selectors import submission_form_for_procedure
        from forms.intake.wizard import submission_wizard_serve

        site = commune_for_request(request)
        if site is not None and not getattr(request, "is_preview", False):
            if not procedure_carried_out(self.procedure, site=site):
                # Issue #17: this commune does not carry the procedure out; say whom to ask.
                context = {"procedure": self.procedure, "local_procedure": local_procedure(self.procedure, site=site)}
                return render(request, "forms/procedure_not_carried_out.html", context, status=404)
            chosen = submission_form_for_procedure(procedure=self.procedure, site=site)
            if chosen is not None and chosen.pk != self.pk:
                # The commune's own form for this procedure replaces the shared one there.
                return redirect(chosen.get_url(request))
        return submission_wizard_serve(request, flow=flow_for_page(self))


class DocumentAsked(models.TextChoices):
    """How a form asks for one of its procedure's papers, overriding the catalogue's kind."""

    REQUIRED = "required", "Bắt buộc tải lên"
    OPTIONAL = "optional", "Tải lên nếu có (không bắt buộc)"
    HIDDEN = "hidden", "Không hỏi trong biểu mẫu này"


class FormDocumentChoice(Orderable):
    """An editor's choice, on one form, of whether and how a paper of its procedure is asked."""

    page = ParentalKey(SubmissionFormPage, on_delete=models.CASCADE, related_name="document_choices")
    document = models.ForeignKey(
        "cms.ProcedureDocument", verbose_name="giấy tờ", on_delete=models.CASCADE, related_name="+"
    )
    asked = models.CharField("cách hỏi", max_length=10, choices=DocumentAsked.choices, default=DocumentAsked.REQUIRED)

    panels = [FieldPanel("document"), FieldPanel("asked")]

    class Meta(Orderable.Meta):
        verbose_name = "giấy tờ tải lên"
        verbose_name_plural = "giấy tờ tải lên"

    def __str__(self) -> str:
        return f"{self.document_id}: {self.get_asked_display()}"
