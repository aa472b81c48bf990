"""Django form fields for Vietnamese data: mobile phone, CCCD number, two-level address."""

import re
from functools import lru_cache

from vietnam_provinces import Province, Ward

from django import forms
from django.core.exceptions import ValidationError

# ASCII digits only: ``\d`` would also take "²" and other scripts' digits (see portal.params).
PHONE_RE = re.compile(r"^(?:\+?84|0)([35789][0-9]{8})$")
ID_NUMBER_RE = re.compile(r"^[0-9]{12}$")


def normalize_phone(value: str) -> str:
    """Return ``value`` as 0xxxxxxxxx when it is a Vietnamese mobile number, else its digits."""
    compact = re.sub(r"[\s.\-()]", "", value or "")
    match = PHONE_RE.match(compact)
    return f"0{match.group(1)}" if match else compact


class PhoneField(forms.CharField):
    """A Vietnamese mobile number (10 digits starting 03, 05, 07, 08, 09; +84 accepted)."""

    default_error_messages = {
        "invalid": "Số điện thoại di động không hợp lệ: cần 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09."
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "tel", "autocomplete": "tel"}

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        compact = re.sub(r"[\s.\-()]", "", value)
        if not PHONE_RE.match(compact):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return normalize_phone(compact)


class IdNumberField(forms.CharField):
    """A personal identification number (số định danh cá nhân / CCCD): exactly 12 digits."""

    default_error_messages = {
        "invalid": "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off"}

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        compact = re.sub(r"\s", "", value)
        if not ID_NUMBER_RE.match(compact):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return compact


@lru_cache(maxsize=1)
def province_choices() -> list[tuple[str, str]]:
    """Provinces and centrally-run cities after the 2025 reform, by name."""
    provinces = sorted(Province.iter_all(), key=lambda p: p.codename)
    return [(str(int(p.code)), p.name) for p in provinces]


@lru_cache(maxsize=1)
def _wards_by_province() -> dict[str, list[tuple[str, str]]]:
    grouped: dict[str, list[tuple[str, str]]] = {}
    for ward in Ward.iter_all():
        grouped.setdefault(str(int(ward.province_code)), []).append((str(int(ward.code)), ward.name))
    for wards in grouped.values():
        wards.sort(key=lambda item: item[1])
    return grouped


def commune_choices(province_code: str) -> list[tuple[str, str]]:
    """Communes, wards and special zones (xã, phường, đặc khu) of one province."""
    return list(_wards_by_province().get(str(province_code or ""), []))


def province_name(code: str) -> str:
    return dict(province_choices()).get(str(code), "")


def commune_name(province_code: str, code: str) -> str:
    return dict(commune_choices(province_code)).get(str(code), "")


def format_address(value: dict | None) -> str:
    """Return an address dict as one line: detail, commune, province."""
    if not value:
        return ""
    parts = [value.get("detail", ""), value.get("commune", ""), value.get("province", "")]
    return ", ".join(part for part in parts if part)


class AddressWidget(forms.MultiWidget):
    """Province select, commune select (filled for the chosen province; JS refreshes it), detail line."""

    template_name = "forms/widgets/address.html"

    def __init__(self, attrs=None):
        widgets = [
            forms.Select(attrs={"data-address": "province", "autocomplete": "address-level1"}),
            forms.Select(attrs={"data-address": "commune", "autocomplete": "address-level2"}),
            forms.TextInput(attrs={"data-address": "detail", "autocomplete": "street-address"}),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, dict):
            return [value.get("province_code", ""), value.get("commune_code", ""), value.get("detail", "")]
        return ["", "", ""]

    def get_context(self, name, value, attrs):
        if not isinstance(value, list):
            value = self.decompress(value)
        province = value[0] if value else ""
        self.widgets[0].choices = [("", "— Chọn tỉnh, thành phố —"), *province_choices()]
        self.widgets[1].choices = [("", "— Chọn xã, phường, đặc khu —"), *commune_choices(province)]
        context = super().get_context(name, value, attrs)
        context["widget"]["labels"] = ["Tỉnh, thành phố", "Xã, phường, đặc khu", "Số nhà, đường, thôn, ấp"]
        return context


class AddressField(forms.MultiValueField):
    """An address in the two-level system (tỉnh → xã) with a free detail line; cleans to a dict."""

    widget = AddressWidget
    default_error_messages = {
        "invalid_province": "Hãy chọn tỉnh, thành phố trong danh sách.",
        "invalid_commune": "Hãy chọn xã, phường, đặc khu thuộc tỉnh, thành phố đã chọn.",
        "incomplete": "Hãy nhập đủ địa chỉ: tỉnh, thành phố; xã, phường; số nhà, thôn, ấp.",
    }

    def __init__(self, **kwargs):
        fields = (
            forms.CharField(max_length=10),
            forms.CharField(max_length=10),
            forms.CharField(max_length=255),
        )
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        province_code, commune_code, detail = (list(data_list) + ["", "", ""])[:3]
        if not province_name(province_code):
            raise ValidationError(self.error_messages["invalid_province"], code="invalid_province")
        if not commune_name(province_code, commune_code):
            raise ValidationError(self.error_messages["invalid_commune"], code="invalid_commune")
        if not (detail or "").strip():
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        return {
            "province_code": province_code,
            "province": province_name(province_code),
            "commune_code": commune_code,
            "commune": commune_name(province_code, commune_code),
            "detail": detail.strip(),
        }
