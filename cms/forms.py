"""Admin forms of the portal: the form every page type is edited with, and the login form."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.forms.pages import WagtailAdminPageForm
from wagtail.admin.panels import InlinePanel
from wagtail.admin.widgets.slug import SlugInput
from wagtail.models import Page

from cms.blocks import channel_summary
from cms.slugs import VIETNAMESE_SLUG_FORMATTERS, ascii_slug


def _unix_newlines(data):
    """A mutable copy of the posted data with CRLF and CR line breaks turned into LF."""

    def unix(value):
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value

    if not hasattr(data, "lists"):  # a plain dict, as tests and scripts pass
        return {key: unix(value) for key, value in data.items()}
    data = data.copy()
    for key, values in data.lists():
        data.setlist(key, [unix(value) for value in values])
    return data


class PortalPageForm(WagtailAdminPageForm):
    """Wagtail's page form with ASCII slugs that never collide by accident.

    Wagtail's editor fills the slug from the title but spells "đ" "dj" (Serbian) and drops
    letters such as "ậ" or "ẹ" ("dang-ky-nhn-cha-m-con"); the slug input is given formatters that
    turn every Vietnamese letter into its base letter first. A slug typed with diacritics is
    transliterated ("đăng-ký" → "dang-ky"), as the imported procedures' slugs are. A new page whose
    slug was left as the title gives it ("Tờ khai" → "to-khai") gets "-2", "-3" … when a sibling
    already has it, instead of an error: starting the same form page twice must not stop the
    editor. A slug the editor chose and that is taken is still refused.

    Browsers send line breaks as CRLF; the importer and the database keep LF. Without making them
    LF again, saving an imported procedure unchanged would show every multi-line text (steps,
    conditions, documents) as changed in the revision comparison.
    """

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = _unix_newlines(data)
            slug = data.get("slug")
            ascii = ascii_slug(slug or "", max_length=255)
            if ascii and ascii != slug:
                data["slug"] = ascii
        super().__init__(data, *args, **kwargs)
        if "slug" in self.fields:
            slug_input = self.fields["slug"].widget
            self.fields["slug"].widget = SlugInput(attrs=slug_input.attrs, formatters=VIETNAMESE_SLUG_FORMATTERS)

    def clean(self):
        slug, title = self.cleaned_data.get("slug"), self.cleaned_data.get("title")
        parent = self.parent_page
        if (
            slug
            and self.instance.pk is None
            and parent is not None
            and slug == ascii_slug(title or "", max_length=255)
            and not Page._slug_is_available(slug, parent, self.instance)
        ):
            self.cleaned_data["slug"] = self._free_slug(slug, parent)
        # Wagtail's check then refuses a slug the editor chose that is taken (translated in locale/vi).
        return super().clean()

    def _free_slug(self, slug: str, parent) -> str:
        number = 2
        while not Page._slug_is_available(f"{slug}-{number}", parent, self.instance):
            number += 1
        return f"{slug}-{number}"


class ProcedurePageForm(PortalPageForm):
    """A procedure's time and fee are entered once, per channel; its summary follows from them.

    "Thời hạn giải quyết" and "Phí, lệ phí" of the summary box, and the working days from which a
    dossier's due date is computed (Decree 61/2018/NĐ-CP, one-stop mechanism), are made from the
    channels as the importer makes them: the slowest channel's days. Days the channels do not
    give (a month, "Không quy định") keep the value the page had.
    """

    def clean(self):
        cleaned = super().clean()
        channels = cleaned.get("channels")
        if channels is not None:
            from cms.importer import channel_days

            values = [block.value for block in channels]
            page = self.instance
            page.processing_time = channel_summary(values, "processing_time")[:500]
            page.fees = channel_summary(values, "fee")
            days = [d for d in (channel_days(v.get("processing_time") or "") for v in values) if d is not None]
            if days:
                page.processing_days = max(days)
        return cleaned


AMOUNT_MESSAGE = "Số tiền phải là số đồng nguyên, không âm, ví dụ 70000 hoặc 70.000; ghi 0 nếu được miễn."
AMOUNT_MAX = 1_000_000_000  # a commune fee is thousands to a few million đồng; this catches typos


class DongField(forms.CharField):
    """A whole amount of đồng as editors write it: "70000", "70.000", "70,000" or "70.000 đồng"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"required": "Hãy nhập số tiền; ghi 0 nếu được miễn."})
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        text = re.sub(r"\s*(đồng|đ|vnđ|vnd)$", "", text.strip(), flags=re.IGNORECASE).replace(" ", "")
        # Dots or commas only as thousands separators: "70.5" is not a whole amount.
        if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
            text = re.sub(r"[.,]", "", text)
        if not re.fullmatch(r"\d+", text):
            raise ValidationError(AMOUNT_MESSAGE, code="invalid")
        amount = int(text)
        if amount > AMOUNT_MAX:
            raise ValidationError("Số tiền quá lớn; hãy kiểm tra lại.", code="max_value")
        return amount

    def prepare_value(self, value):
        # Shown back as editors write it ("20.000"), whether it comes from the database or a refused post.
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return f"{int(value):,}".replace(",", ".")
        return value


class ProcedureFeeForm(WagtailAdminModelForm):
    """One fee item in the procedure editor, with the amount read as editors write đồng."""

    amount = DongField(label="Số tiền (đồng)", help_text="Ghi 0 nếu được miễn. Ví dụ: 70000 hoặc 70.000.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("per_copy") and not cleaned.get("amount"):
            self.add_error("amount", "Khoản thu theo bản sao cần số tiền cho mỗi bản.")
        return cleaned


class FeeItemsFormSet(BaseChildFormSet):
    """The fee items together: the same item entered twice is refused (the amount due would count it twice)."""

    FIELDS = ("kind", "name", "amount", "unit", "case", "channel", "per_copy")

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("amount") is None:
                continue
            key = tuple(str(data.get(name) or "").strip().lower() for name in self.FIELDS)
            if key in seen:
                form.add_error("name", "Khoản thu này trùng với một khoản đã nhập ở trên; hãy xóa bớt một dòng.")
            seen.add(key)


class FeeItemsPanel(InlinePanel):
    """The procedure's fee items (``ProcedureFee``), each edited with ``ProcedureFeeForm``."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = ProcedureFeeForm
        options["formsets"][self.relation_name]["formset"] = FeeItemsFormSet
        return options


class PortalLoginForm(LoginForm):
    """Wagtail's login form with the password field labelled.

    Wagtail gives the field no label, so Django shows its name, "Password", in English.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = "Mật khẩu"

    def confirm_login_allowed(self, user):
        """Citizens' accounts never reach the admin: they sign in at /tai-khoan/dang-nhap/."""
        super().confirm_login_allowed(user)
        from accounts.citizens import is_staff_account

        if not is_staff_account(user):
            raise ValidationError(
                "Đây là tài khoản công dân: hãy đăng nhập tại trang Tài khoản (/tai-khoan/dang-nhap/).",
                code="citizen_account",
            )
