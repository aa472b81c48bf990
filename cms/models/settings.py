"""Per-site settings of the commune: names, contact details, opening hours and the account for fees."""

import copy

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from cms.text import committee_of

# Five years: the commune may shorten or lengthen it in its settings.
DEFAULT_RETENTION_MONTHS = 60
DEFAULT_PERSONAL_DATA_PURPOSE = (
    "Tiếp nhận, giải quyết hồ sơ thủ tục hành chính, trả kết quả và thông báo cho người nộp về tình trạng "
    "hồ sơ; tra cứu hồ sơ đã nộp; giải quyết khiếu nại, kiến nghị liên quan đến hồ sơ."
)


@register_setting(icon="home")
class CommuneSettings(BaseSiteSetting):
    """The commune running this site: shown in the header, the footer, receipts and e-mails."""

    commune_name = models.CharField("tên xã", max_length=255, default="Xã")
    committee_name = models.CharField(
        "tên cơ quan", max_length=255, default="Ủy ban nhân dân xã", help_text="Ví dụ: Ủy ban nhân dân xã Hàm Chính"
    )
    commune_code = models.CharField(
        "mã đơn vị hành chính",
        max_length=10,
        blank=True,
        help_text="Mã xã theo danh mục đơn vị hành chính; dùng làm tiền tố mã hồ sơ.",
    )
    district = models.CharField("huyện", max_length=255, blank=True)
    province = models.CharField("tỉnh, thành phố", max_length=255, blank=True)
    address = models.CharField("địa chỉ trụ sở", max_length=500, blank=True)
    hotline = models.CharField("đường dây nóng", max_length=50, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    opening_hours = models.TextField(
        "giờ làm việc của Bộ phận Một cửa",
        blank=True,
        help_text="Mỗi dòng một khoảng thời gian, ví dụ: Thứ Hai – Thứ Sáu: 7h00 – 11h30, 13h30 – 17h00",
    )

    # The account citizens pay fees into: Circular 74/2022/TT-BTC lets fees be paid by transfer to
    # the collecting body's account. The bank is named by its NAPAS BIN, as VietQR codes require.
    bank_bin = models.CharField(
        "mã ngân hàng (BIN)",
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", "Mã ngân hàng gồm đúng 6 chữ số, ví dụ 970415.")],
        help_text="Mã 6 chữ số của ngân hàng theo NAPAS, ví dụ 970415 (VietinBank).",
    )
    bank_account_number = models.CharField(
        "số tài khoản",
        max_length=19,
        blank=True,
        validators=[RegexValidator(r"^\d{6,19}$", "Số tài khoản chỉ gồm 6 đến 19 chữ số.")],
    )
    bank_account_name = models.CharField(
        "tên chủ tài khoản", max_length=255, blank=True, help_text="Ví dụ: UBND XA HAM CHINH"
    )

    # Decree 13/2023/NĐ-CP on personal data protection: personal data is processed for a stated
    # purpose and kept for a stated period. After it, a closed dossier's files are deleted and its
    # personal fields blanked (``forms.lifecycle.retention``); procedures may set their own period.
    retention_months = models.PositiveSmallIntegerField(
        "thời hạn lưu dữ liệu cá nhân của hồ sơ đã kết thúc (tháng)",
        default=DEFAULT_RETENTION_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(1200)],
        help_text="Tính từ khi hồ sơ kết thúc (đã trả kết quả, từ chối giải quyết hoặc từ chối tiếp nhận). "
        "Hết thời hạn, hệ thống xóa tệp đính kèm, tệp kết quả và thông tin cá nhân của người nộp; "
        "số liệu thống kê vẫn giữ. Ví dụ: 60 tháng = 5 năm. Từng thủ tục có thể đặt thời hạn riêng.",
    )
    personal_data_purpose = models.TextField(
        "mục đích xử lý dữ liệu cá nhân",
        blank=True,
        default=DEFAULT_PERSONAL_DATA_PURPOSE,
        help_text="Hiện trên trang chính sách bảo vệ dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP).",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("commune_name"), FieldPanel("committee_name"), FieldPanel("commune_code")],
            heading="Đơn vị",
        ),
        MultiFieldPanel(
            [
                FieldPanel("district"),
                FieldPanel("province"),
                FieldPanel("address"),
                FieldPanel("hotline"),
                FieldPanel("email"),
                FieldPanel("opening_hours"),
            ],
            heading="Liên hệ",
        ),
        MultiFieldPanel(
            [FieldPanel("bank_bin"), FieldPanel("bank_account_number"), FieldPanel("bank_account_name")],
            heading="Tài khoản nhận phí, lệ phí",
        ),
        MultiFieldPanel(
            [FieldPanel("retention_months"), FieldPanel("personal_data_purpose")],
            heading="Bảo vệ dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP)",
        ),
    ]

    class Meta:
        verbose_name = "thông tin xã"
        verbose_name_plural = "thông tin xã"

    @property
    def committee(self) -> str:
        """The committee's name as papers and pages print it: the one configured, or, while the
        field is left empty or at its default, "Ủy ban nhân dân" + the commune's name ("… phường
        Tiến Thành", "… đặc khu Phú Quý")."""
        committee = self.committee_name.strip()
        default_committee = self._meta.get_field("committee_name").get_default()
        name = self.commune_name.strip()
        named = bool(name) and name != self._meta.get_field("commune_name").get_default()
        if (not committee or committee == default_committee) and named:
            return committee_of(name)
        return committee or default_committee

    @property
    def opening_hours_lines(self) -> list[str]:
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]

    @classmethod
    def for_site(cls, site):
        """The site's settings, from the worker's memory until content changes (``cms.cache``).

        Every page shows them; a copy is returned so that an admin form filling in an instance it
        then rejects cannot leak unsaved values into what visitors see.
        """
        from cms.cache import generation_memo

        stored = generation_memo(
            ("settings", cls._meta.label, site.pk), lambda: super(CommuneSettings, cls).for_site(site)
        )
        return copy.copy(stored)
