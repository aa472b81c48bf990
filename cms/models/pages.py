"""Page types of the portal: home, procedure directory and procedures, news, standard pages."""

from django import forms
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction, Site
from wagtail.search import index
from wagtail.url_routing import RouteResult

from cms.blocks import BodyBlock, ChannelBlock, LegalBasisBlock, StepBlock
from cms.forms import FeeItemsPanel, ProcedurePageForm
from cms.models.mixins import AsciiSlugMixin
from cms.widgets import SearchableCheckboxSelectMultiple
from portal.params import int_param

ARTICLES_PER_PAGE = 10


class RoutingMemoMixin:
    """Skip the view-restriction queries while the site has no restricted page at all.

    Wagtail checks restrictions on every page view (two queries); the answer changes only when
    an editor adds a restriction, which drops the memo with the page cache (``cms.signals``).
    """

    def get_view_restrictions(self):
        from cms.cache import view_restrictions_exist

        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(AsciiSlugMixin, RoutingMemoMixin, Page):
    """The commune's home page: search, most used procedures, sectors, postal service, news."""

    cache_anonymous = True  # the same for every visitor: see cms.cache

    intro = models.TextField("lời giới thiệu", blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name="nội dung")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.ProcedureIndexPage",
        "cms.ArticleIndexPage",
        "cms.StandardPage",
        "forms.SubmissionFormIndexPage",
    ]
    # One home page per commune (issue #17: each commune is a Site with its own home).

    class Meta:
        verbose_name = "trang chủ"
        verbose_name_plural = "trang chủ"

    def route(self, request, path_components):
        # Nearly every request passes through one of the few sections below the home page
        # (directory, news, forms, contact): keep them in memory until content changes instead of
        # two queries a request. Their route() and serve() only read the shared instance.
        from cms.cache import generation_memo

        if not path_components:
            return super().route(request, path_components)
        section = generation_memo(("section", self.pk, path_components[0]), lambda: self._section(path_components[0]))
        if section is None:
            raise Http404
        return section.route(request, path_components[1:])

    def _section(self, slug: str):
        child = self.get_children().filter(slug=slug).first()
        if child is None:
            return None
        child = child.specific
        child._cached_parent_obj = self
        return child

    def get_context(self, request, *args, **kwargs):
        from cms import selectors
        from cms.cache import generation_memo
        from cms.communes import commune_for_request

        context = super().get_context(request, *args, **kwargs)
        selectors.request_commune_catalogue(request)  # once for the sections and the links
        # Each commune's home (issue #17) shows what it carries out and its own articles. The same
        # for every visitor until content changes: kept in worker memory (five queries), per home.
        site = commune_for_request(request)
        context.update(
            generation_memo(
                ("home-sections", self.pk, site.pk if site else None),
                lambda: {
                    "popular_procedures": selectors.popular_procedures(limit=6, site=site),
                    "sectors": list(selectors.sectors_with_counts(site=site)),
                    "postal_procedure_count": selectors.postal_procedure_count(site=site),
                    "latest_articles": selectors.latest_articles(limit=3, site=site),
                },
            )
        )
        return context


class ProcedureIndexPage(AsciiSlugMixin, RoutingMemoMixin, Page):
    """The procedure directory (/thu-tuc-hanh-chinh/): procedures grouped by sector, with filters."""

    cache_anonymous = True  # the same for every visitor: see cms.cache

    intro = models.TextField("lời giới thiệu", blank=True)
    # Province scale (issue #17): the directory whose procedures this commune publishes. The national
    # catalogue is imported once under one directory; every other commune's directory points at it,
    # so a procedure's national text is stored once. Empty: this directory holds its own procedures.
    catalogue = models.ForeignKey(
        "self",
        verbose_name="dùng danh mục thủ tục của",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sharing_directories",
        help_text="Để trống nếu thủ tục nằm ngay dưới trang này; chọn danh mục dùng chung của tỉnh nếu có.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("catalogue")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ProcedurePage"]

    @property
    def catalogue_directory(self) -> "ProcedureIndexPage":
        """The directory whose children are this commune's procedures: the shared one, or itself."""
        return self.catalogue if self.catalogue_id else self

    class Meta:
        verbose_name = "danh mục thủ tục hành chính"
        verbose_name_plural = "danh mục thủ tục hành chính"

    def route(self, request, path_components):
        # A procedure is loaded with its sector in one query instead of three (generic page,
        # specific page, sector), and kept in worker memory until content changes: building that
        # query and decoding the page's sections cost more than rendering half the page. The
        # instance is shared by this worker's requests, which only read it (see ProcedurePage).
        if len(path_components) == 1:
            from cms.cache import generation_memo

            slug = path_components[0]
            procedure = generation_memo(("procedure", self.pk, slug), lambda: self._procedure(slug), bounded=True)
            if procedure is not None:
                return procedure.route(request, [])
        return super().route(request, path_components)

    def _procedure(self, slug: str):
        directory = self.catalogue_directory
        procedure = ProcedurePage.objects.child_of(directory).select_related("sector").filter(slug=slug).first()
        if procedure is not None:
            procedure._cached_parent_obj = self  # as Page.route does, for breadcrumbs and URLs
        return procedure

    def get_context(self, request, *args, **kwargs):
        from cms.cache import generation_memo
        from cms.communes import commune_for_request
        from cms.selectors import procedure_directory, request_commune_catalogue

        context = super().get_context(request, *args, **kwargs)
        online_only, postal_only = request.GET.get("truc_tuyen") == "1", request.GET.get("buu_chinh") == "1"
        site = commune_for_request(request)
        request_commune_catalogue(request)  # once for the listing and its links
        # Four possible listings per commune (issue #17: one directory page may be reached on
        # several hosts only by mistake, so the site is in the key), the same for every visitor
        # until content changes.
        context["directory"] = generation_memo(
            ("directory", self.pk, site.pk if site else None, online_only, postal_only),
            lambda: procedure_directory(index_page=self, online_only=online_only, postal_only=postal_only, site=site),
        )
        return context

    def get_sitemap_urls(self, request=None):
        # A commune sharing the catalogue (issue #17): the shared procedures are not below its
        # home page, where Wagtail's sitemap looks, so its directory lists them, at its address.
        urls = super().get_sitemap_urls(request)
        if not self.catalogue_id or request is None:
            return urls
        from cms.communes import commune_for_request
        from cms.selectors import commune_procedures, public_only

        site = commune_for_request(request)
        procedures = commune_procedures(
            public_only(ProcedurePage.objects.live()).child_of(self.catalogue_directory), site=site
        ).order_by("path")
        for procedure in procedures:
            urls += procedure.get_sitemap_urls(request)
        return urls


class ServiceLevel(models.IntegerChoices):
    """Service levels 1–4 (Bình Thuận Decision 641/QĐ-UBND 2019, as quoted in the seeds)."""

    INFORMATION = 1, "Mức độ 1 – cung cấp thông tin"
    FORMS = 2, "Mức độ 2 – tải mẫu đơn, tờ khai"
    ONLINE_SUBMISSION = 3, "Mức độ 3 – nộp hồ sơ trực tuyến"
    FULL_ONLINE = 4, "Mức độ 4 – thanh toán, nhận kết quả trực tuyến hoặc qua bưu chính"


class OnlineMode(models.TextChoices):
    """Online service scope under Decree 42/2022: full (toàn trình), partial (một phần) or none."""

    FULL = "full", "Toàn trình"
    PARTIAL = "partial", "Một phần"
    NONE = "none", "Không có dịch vụ trực tuyến"


class ProcedurePage(AsciiSlugMixin, RoutingMemoMixin, Page):
    """One administrative procedure (thủ tục hành chính) held as structured data.

    Every section citizens read (channels, required documents, steps, fees, legal basis …) is a
    field of its own so that search, forms and the directory can use it.
    """

    cache_anonymous = True  # the same for every visitor: see cms.cache

    code = models.CharField(
        "mã thủ tục", max_length=32, unique=True, help_text="Mã trên Cơ sở dữ liệu quốc gia, ví dụ 1.001193"
    )
    sector = models.ForeignKey(
        "cms.Sector",
        verbose_name="lĩnh vực",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procedures",
    )
    agencies = ParentalManyToManyField(
        "cms.Agency", verbose_name="cơ quan thực hiện", blank=True, related_name="procedures"
    )
    audiences = ParentalManyToManyField(
        "cms.Audience", verbose_name="đối tượng thực hiện", blank=True, related_name="procedures"
    )
    official_title = models.TextField(
        "tên đầy đủ theo danh mục quốc gia",
        blank=True,
        help_text="Tên thủ tục như trong Cơ sở dữ liệu quốc gia; tiêu đề trang tối đa 255 ký tự.",
    )
    summary = models.TextField(
        "tóm tắt", blank=True, help_text="Một hai câu cho người dân biết thủ tục này dùng khi nào."
    )
    procedure_type = models.CharField("loại thủ tục", max_length=255, blank=True)
    implementation_level = models.CharField("cấp thực hiện", max_length=255, blank=True)
    receiving_address = models.TextField("địa chỉ tiếp nhận hồ sơ", blank=True)
    steps = StreamField([("step", StepBlock())], blank=True, verbose_name="trình tự thực hiện")
    channels = StreamField([("channel", ChannelBlock())], blank=True, verbose_name="cách thức thực hiện")
    processing_days = models.PositiveSmallIntegerField(
        "thời hạn giải quyết (ngày làm việc)",
        null=True,
        blank=True,
        help_text="Để trống nếu giải quyết ngay trong ngày hoặc chưa rõ.",
    )
    processing_time = models.CharField(
        "thời hạn giải quyết (diễn giải)",
        max_length=500,
        blank=True,
        help_text="Ví dụ: Ngay trong ngày tiếp nhận hồ sơ",
    )
    fees = models.TextField("phí, lệ phí", blank=True)
    conditions = models.TextField("yêu cầu, điều kiện", blank=True)
    result = models.TextField("kết quả thực hiện", blank=True)
    legal_basis = StreamField([("document", LegalBasisBlock())], blank=True, verbose_name="căn cứ pháp lý")
    service_level = models.PositiveSmallIntegerField(
        "mức độ dịch vụ", choices=ServiceLevel.choices, default=ServiceLevel.INFORMATION
    )
    online_mode = models.CharField(
        "dịch vụ công trực tuyến", max_length=10, choices=OnlineMode.choices, default=OnlineMode.NONE
    )
    postal_submission = models.BooleanField("nhận hồ sơ qua bưu chính công ích", default=False)
    postal_return = models.BooleanField("trả kết quả qua bưu chính công ích", default=False)
    # Level 4 (Decree 42/2022/NĐ-CP): some procedures are processed only once the fee is paid.
    payment_before_processing = models.BooleanField(
        "chỉ giải quyết sau khi nộp phí, lệ phí",
        default=False,
        help_text="Đánh dấu nếu hồ sơ chỉ được chuyển giải quyết khi người dân đã nộp đủ phí, lệ phí.",
    )
    national_portal_url = models.URLField("đường dẫn trên Cổng Dịch vụ công quốc gia", max_length=500, blank=True)
    decision_number = models.CharField("quyết định công bố", max_length=255, blank=True)
    # Decree 13/2023/NĐ-CP: a procedure whose papers must be kept longer (or may go sooner) than the
    # commune's default sets its own period; see ``forms.lifecycle.retention``.
    retention_months = models.PositiveSmallIntegerField(
        "thời hạn lưu dữ liệu cá nhân (tháng)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1200)],
        help_text="Số tháng giữ tệp và thông tin cá nhân của hồ sơ đã kết thúc của thủ tục này. "
        "Để trống để dùng thời hạn chung trong Thông tin xã.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("sector")]),
                FieldPanel("official_title"),
                FieldPanel("summary"),
                FieldPanel("agencies", widget=SearchableCheckboxSelectMultiple),
                FieldPanel("audiences", widget=SearchableCheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("procedure_type"), FieldPanel("implementation_level")]),
                FieldPanel("receiving_address"),
            ],
            heading="Thông tin chung",
        ),
        MultiFieldPanel(
            [
                # One choice a line: the service levels' labels are too long for half a row.
                FieldPanel("service_level", widget=forms.RadioSelect),
                FieldPanel("online_mode", widget=forms.RadioSelect),
                FieldRowPanel([FieldPanel("postal_submission"), FieldPanel("postal_return")]),
                FieldPanel("national_portal_url"),
            ],
            heading="Mức độ dịch vụ và bưu chính công ích",
        ),
    ]
    # Time and fee are entered per channel only; the page-wide ones follow (ProcedurePageForm).
    requirements_panels = [
        FieldPanel("channels"),
        MultiFieldPanel(
            [
                HelpPanel(
                    content="<p>Dòng «Phí, lệ phí» ở trang thủ tục lấy từ ô phí của từng cách thức thực hiện "
                    "ở trên (lời văn của danh mục quốc gia). Các khoản thu dưới đây là số liệu: trang thủ tục "
                    "hiện bảng phí từ đây, và số tiền người dân phải nộp khi nộp hồ sơ được tính từ đây. "
                    "Khoản thu có «trường hợp áp dụng» thay cho khoản thu chung cùng loại khi người dân "
                    "chọn trường hợp đó; khoản thu «mọi hình thức» dùng cho hình thức nộp không có khoản "
                    "thu riêng.</p>"
                ),
                FeeItemsPanel("fee_items", heading="Phí, lệ phí", label="Khoản thu"),
                FieldPanel("payment_before_processing"),
            ],
            heading="Phí, lệ phí",
        ),
        InlinePanel("required_documents", heading="Thành phần hồ sơ", label="Giấy tờ"),
        FieldPanel("steps"),
        FieldPanel("conditions"),
        FieldPanel("result"),
        MultiFieldPanel([FieldPanel("retention_months")], heading="Lưu trữ dữ liệu cá nhân"),
    ]
    legal_panels = [FieldPanel("legal_basis"), FieldPanel("decision_number")]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Thông tin chung"),
            ObjectList(requirements_panels, heading="Hồ sơ và cách thực hiện"),
            ObjectList(legal_panels, heading="Căn cứ pháp lý"),
            ObjectList(Page.promote_panels, heading="Quảng bá"),
            ObjectList(Page.settings_panels, heading="Cài đặt"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("code"),
        index.SearchField("summary"),
        index.SearchField("conditions"),
        index.SearchField("result"),
        index.FilterField("postal_submission"),
        index.FilterField("online_mode"),
    ]

    parent_page_types = ["cms.ProcedureIndexPage"]
    subpage_types: list[str] = []
    base_form_class = ProcedurePageForm

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"

    @cached_property
    def channels_by_kind(self) -> dict[str, dict]:
        return {block.value["kind"]: block.value for block in self.channels}

    @cached_property
    def step_list(self) -> tuple[list[dict], str]:
        """The steps as numbered items and their closing note, see ``cms.blocks.numbered_steps``."""
        from cms.blocks import numbered_steps

        return numbered_steps([block.value for block in self.steps])

    @property
    def service_level_description(self) -> str:
        """What the service level means ("nộp hồ sơ trực tuyến"), without the "Mức độ 3" its badge shows."""
        return self.get_service_level_display().partition(" – ")[2]

    @property
    def accepts_online(self) -> bool:
        return self.online_mode != OnlineMode.NONE

    @cached_property
    def document_list(self) -> list["ProcedureDocument"]:
        """The required documents with their templates, loaded once per instance.

        A published procedure's instance is shared while content is unchanged (see
        ``ProcedureIndexPage.route``), so its documents are too.
        """
        return list(self.required_documents.select_related("template"))

    @cached_property
    def fee_list(self) -> list["ProcedureFee"]:
        """The fee items, loaded once per (shared) instance like ``document_list``."""
        return list(self.fee_items.all())

    @cached_property
    def fee_rows(self) -> list[dict]:
        """The catalogue's fee items as the public page's table shows them (issue 13), see ``fee_rows_of``."""
        return fee_rows_of(self.fee_list)

    @cached_property
    def fee_summary(self) -> str:
        """One line for the summary box from the catalogue's fee items, see ``fee_summary_of``."""
        return fee_summary_of(self.fee_list)

    @cached_property
    def parties(self):
        """Agency and audience names as published, loaded once per (shared) instance like ``document_list``."""
        from cms.selectors import procedure_parties

        return procedure_parties(procedure=self)

    def get_url_parts(self, request=None):
        # Province scale (issue #17): a procedure of the shared catalogue, linked from a page of a
        # commune whose directory shares it, lives at that commune's address (its host, its
        # directory), not at the catalogue owner's. Without a request: the owner's address.
        # On the owner's own pages the address is the same as Wagtail's, built the same way: Wagtail
        # compares each page with every Site's root, and a directory of 588 links on an
        # installation of 100 communes made 58,800 comparisons (the owner's directory was 1.2x
        # slower than on a single commune, bench/province.py).
        if isinstance(request, HttpRequest):
            from cms.selectors import request_commune_catalogue

            catalogue = request_commune_catalogue(request)
            if catalogue is not None and self.path[: -self.steplen] == catalogue.catalogue_path:
                site = Site.find_for_request(request)
                # The slug from ``url_path``, which Wagtail loads for every link (listings defer
                # ``slug``: reading it cost a query per link).
                slug = self.url_path.rstrip("/").rsplit("/", 1)[-1]
                return site.pk, site.root_url, f"{catalogue.directory_path}{slug}/"
        return super().get_url_parts(request)

    def route(self, request, path_components):
        # A commune that does not carry this procedure out (LocalProcedure.carried_out = False)
        # does not publish it: on its host the page is a 404 that says so and whom to ask (an old
        # link or a search engine still leads there), whichever directory the request came through.
        if not path_components and not getattr(request, "is_preview", False):
            from cms.selectors import request_commune_catalogue

            catalogue = request_commune_catalogue(request)
            if catalogue is not None and not catalogue.carries_out(self.pk):
                return RouteResult(self, kwargs={"not_carried_out": True})
        return super().route(request, path_components)

    def serve(self, request, *args, not_carried_out: bool = False, **kwargs):
        if not_carried_out:
            from cms.communes import commune_for_request
            from cms.selectors import local_procedure

            context = {"procedure": self, "local_procedure": local_procedure(self, site=commune_for_request(request))}
            return TemplateResponse(request, "forms/procedure_not_carried_out.html", context, status=404)
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        if request is not None:
            from cms.selectors import request_commune_catalogue

            catalogue = request_commune_catalogue(request)
            if catalogue is not None and not catalogue.carries_out(self.pk):
                return []
        return super().get_sitemap_urls(request)

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import ProcedureParties, request_commune_catalogue, vietnamese_sort_key

        context = super().get_context(request, *args, **kwargs)
        # What the commune of the request says locally (issue #17): its receiving address, contact,
        # note, and its own fee items where they differ from the catalogue's.
        catalogue = request_commune_catalogue(request)
        local = context["local_procedure"] = catalogue.local.get(self.pk) if catalogue is not None else None
        local_fees = list(local.fee_items.all()) if local is not None else []
        fee_items = local_fees or self.fee_list
        if fee_items is self.fee_list:
            context["fee_rows"], context["fee_summary"] = self.fee_rows, self.fee_summary
        else:
            context["fee_rows"], context["fee_summary"] = fee_rows_of(fee_items), fee_summary_of(fee_items)
        context["required_documents"] = self.document_list
        if getattr(request, "is_preview", False):
            # The editor's choices, unsaved: on the previewed instance, not in the database.
            parties = ProcedureParties(
                agencies=sorted((agency.name for agency in self.agencies.all()), key=vietnamese_sort_key),
                audiences=sorted((audience.name for audience in self.audiences.all()), key=vietnamese_sort_key),
            )
        else:
            parties = self.parties
        context["agency_list"] = parties.agencies
        context["audience_list"] = parties.audiences
        context["templates"] = [doc.template for doc in self.document_list if doc.template_id]
        return context


def fee_rows_of(items) -> list[dict]:
    """Fee items (``FeeItemBase``) as the public page's table shows them (issue 13).

    Each row: item ("Lệ phí đăng ký kết hôn", "/lần"), amount ("70.000 đồng", "Miễn phí"), case
    and channel ("Mọi trường hợp", "Mọi hình thức" when blank).
    """
    from forms.payments.fees import format_dong

    rows = []
    for item in items:
        amount = format_dong(item.amount) if item.amount else "Miễn phí"
        if item.amount and item.unit:
            amount += f"/{item.unit}"
        rows.append(
            {
                "name": item.name or item.get_kind_display(),
                "amount": amount,
                "free": not item.amount,
                "per_copy": item.per_copy,
                "case": item.case or "Mọi trường hợp",
                "channel": item.get_channel_display() if item.channel else "Mọi hình thức",
            }
        )
    return rows


def fee_summary_of(items) -> str:
    """One line for the summary box: "Miễn phí", "20.000 đồng" or "Từ 7.000 đến 10.000 đồng"; "" without items."""
    from forms.payments.fees import format_dong

    if not items:
        return ""
    amounts = sorted({item.amount for item in items if not item.per_copy})
    paid = [amount for amount in amounts if amount]
    if not paid:
        return "Miễn phí" if amounts else "Chỉ thu phí bản sao"
    if len(paid) == 1:
        return format_dong(paid[0]) + (" (có trường hợp được miễn)" if 0 in amounts else "")
    return f"Từ {format_dong(paid[0]).removesuffix(' đồng')} đến {format_dong(paid[-1])}"


class DocumentKind(models.TextChoices):
    """What a row of "thành phần hồ sơ" asks of the citizen (see ``cms.catalogue.documents``).

    Only required and conditional rows are uploaded; papers shown at the one-stop counter are
    listed (Decree 61/2018/NĐ-CP: originals are checked, not handed in), notes are text and the
    electronic declaration is replaced by the online form.
    """

    REQUIRED = "required", "Bắt buộc nộp"
    CONDITIONAL = "conditional", "Nộp trong trường hợp cụ thể"
    PRESENT = "present", "Chỉ xuất trình tại Bộ phận Một cửa"
    NOTE = "note", "Lưu ý (không phải giấy tờ)"
    EFORM = "eform", "Tờ khai điện tử (thay bằng biểu mẫu trực tuyến)"


class ProcedureDocument(Orderable):
    """One required document of a procedure (thành phần hồ sơ), with its downloadable template.

    ``kind`` is set by the import (``cms.catalogue.documents.classify_document``) and corrected
    by editors; ``condition`` is the case a conditional paper applies in, which the citizen ticks.
    """

    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="required_documents")
    group = models.CharField(
        "nhóm giấy tờ",
        max_length=500,
        blank=True,
        help_text="Ví dụ: Giấy tờ phải nộp, Giấy tờ phải xuất trình",
    )
    name = models.TextField("tên giấy tờ")
    quantity = models.CharField("số lượng", max_length=255, blank=True, help_text="Ví dụ: 1 bản chính, 0 bản sao")
    kind = models.CharField("loại", max_length=12, choices=DocumentKind.choices, default=DocumentKind.REQUIRED)
    condition = models.TextField(
        "trường hợp áp dụng",
        blank=True,
        help_text="Với giấy tờ nộp trong trường hợp cụ thể: trường hợp người dân đánh dấu nếu áp dụng với mình, "
        "ví dụ «Trường hợp ủy quyền thực hiện việc đăng ký khai sinh».",
    )
    template_name = models.CharField(
        "tên tệp mẫu", max_length=255, blank=True, help_text="Tên mẫu đơn, tờ khai theo danh mục quốc gia"
    )
    template = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="mẫu đơn, tờ khai",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("group"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("quantity")]),
        FieldPanel("condition"),
        FieldRowPanel([FieldPanel("template_name"), FieldPanel("template")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"

    def __str__(self) -> str:
        return self.name

    @property
    def is_required(self) -> bool:
        """Required of every applicant; kept for callers written before ``kind`` existed."""
        return self.kind == DocumentKind.REQUIRED

    @is_required.setter
    def is_required(self, value: bool) -> None:
        if value:
            self.kind = DocumentKind.REQUIRED
        elif self.kind == DocumentKind.REQUIRED:
            self.kind = DocumentKind.CONDITIONAL

    @property
    def is_uploaded(self) -> bool:
        """A slot of the online dossier: required or conditional papers, never notes or the eForm."""
        return self.kind in (DocumentKind.REQUIRED, DocumentKind.CONDITIONAL)


class FeeKind(models.TextChoices):
    """Law 97/2015/QH13 on fees and charges: lệ phí (a State service) or phí (a service with costs)."""

    LE_PHI = "le_phi", "Lệ phí"
    PHI = "phi", "Phí"
    UNSPECIFIED = "phi_le_phi", "Phí, lệ phí"


class FeeChannel(models.TextChoices):
    """The channel a fee item applies to; blank is every channel."""

    ANY = "", "Mọi hình thức"
    IN_PERSON = "in_person", "Trực tiếp"
    ONLINE = "online", "Trực tuyến"
    POSTAL = "postal", "Dịch vụ bưu chính"


class FeeItemBase(Orderable):
    """The fields of one fee item: kind, amount in đồng, the case and channel it applies to.

    Shared by the catalogue's items (``ProcedureFee``) and a commune's own where its fees differ
    (``cms.models.communes.LocalProcedureFee``, issue #17), so that both are computed alike.
    """

    kind = models.CharField("loại", max_length=12, choices=FeeKind.choices, default=FeeKind.UNSPECIFIED)
    name = models.CharField("tên khoản thu", max_length=255, blank=True, help_text="Ví dụ: Lệ phí đăng ký khai sinh")
    amount = models.PositiveIntegerField("số tiền (đồng)", default=0, help_text="Ghi 0 nếu được miễn.")
    unit = models.CharField("đơn vị tính", max_length=100, blank=True, help_text="Ví dụ: lần đăng ký, bản")
    case = models.TextField(
        "trường hợp áp dụng",
        blank=True,
        help_text="Để trống nếu áp dụng cho mọi trường hợp; ví dụ «Người thuộc hộ nghèo».",
    )
    channel = models.CharField(
        "hình thức nộp", max_length=10, choices=FeeChannel.choices, default=FeeChannel.ANY, blank=True
    )
    per_copy = models.BooleanField(
        "thu theo mỗi bản sao thêm", default=False, help_text="Số tiền nhân với số bản sao người dân xin thêm."
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("unit"), FieldPanel("channel")]),
        FieldPanel("case"),
        FieldPanel("per_copy"),
    ]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = "khoản phí, lệ phí"
        verbose_name_plural = "phí, lệ phí"

    def __str__(self) -> str:
        return f"{self.name or self.get_kind_display()}: {self.amount:,} đồng".replace(",", ".")


class ProcedureFee(FeeItemBase):
    """One fee item of a procedure: kind, amount in đồng, the case and channel it applies to.

    "Miễn" is an amount of zero. Filled by the importer where the catalogue text states amounts
    plainly (``cms.catalogue.fees``) and edited by editors; the amount due for a dossier is
    computed from these by ``forms.payments.fees.amount_due``.
    """

    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="fee_items")

    class Meta(FeeItemBase.Meta):
        verbose_name = "khoản phí, lệ phí"
        verbose_name_plural = "phí, lệ phí"


class ArticleIndexPage(AsciiSlugMixin, RoutingMemoMixin, RoutablePageMixin, Page):
    """The news and outreach list (/tin-tuc/), paginated, with an RSS feed at rss.xml."""

    cache_anonymous = True  # the same for every visitor: see cms.cache

    intro = models.TextField("lời giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ArticlePage"]

    class Meta:
        verbose_name = "danh sách tin bài"
        verbose_name_plural = "danh sách tin bài"

    def articles(self):
        from cms.selectors import public_only

        return public_only(ArticlePage.objects.live()).child_of(self).select_related("image").order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Renditions prefetched with the page of articles: no query per card image.
        articles = self.articles().prefetch_related("image__renditions")
        page = int_param(request.GET.getlist("trang"), 1, minimum=1)
        context["articles"] = Paginator(articles, ARTICLES_PER_PAGE).get_page(page)
        return context

    # Wagtail routes sub-paths with a trailing slash ("/rss.xml/"); reversing gives "rss.xml".
    @re_path(r"^rss\.xml/?$", name="feed")
    def feed(self, request):
        from cms.feeds import ArticleFeed

        return ArticleFeed(self)(request)


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("cms.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePage(AsciiSlugMixin, RoutingMemoMixin, Page):
    """An outreach article or news item (bài tuyên truyền, tin tức)."""

    cache_anonymous = True  # the same for every visitor: see cms.cache

    date = models.DateField("ngày đăng")
    lead = models.TextField("sa-pô", help_text="Đoạn mở đầu, hiện trong danh sách tin và khi chia sẻ.")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="ảnh đại diện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name="nội dung")
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name="thẻ")

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("image")]),
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]

    parent_page_types = ["cms.ArticleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "tin bài"
        verbose_name_plural = "tin bài"


class StandardPage(AsciiSlugMixin, RoutingMemoMixin, Page):
    """A plain content page: contact, introduction of the one-stop counter, guidance."""

    cache_anonymous = True  # the same for every visitor: see cms.cache

    intro = models.TextField("lời giới thiệu", blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name="nội dung")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = "trang nội dung"
        verbose_name_plural = "trang nội dung"
