"""Blocks editors use to compose the declaration (tờ khai) steps of a submission form.

Every field block knows how to build its Django form field and how to show its answer on the
check-your-answers step, the receipt and the back office. A field may be shown only when another
field of the form has a given value ("show only when field X has value Y").
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from forms.intake.fields import AddressField, IdNumberField, PhoneField, format_address

KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
YES_NO = [("co", "Có"), ("khong", "Không")]


def fold_key(label: str) -> str:
    """Return an identifier made from a Vietnamese label: ``Họ, chữ đệm, tên`` → ``ho_chu_dem_ten``."""
    text = unicodedata.normalize("NFD", (label or "").replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    if not text or not text[0].isalpha():
        text = f"truong_{text}".strip("_")
    return text[:50]


def parse_choices(text: str) -> list[tuple[str, str]]:
    """One option per line; the stored value is the folded label, so editors never type keys."""
    options = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return [(fold_key(option), option) for option in options]


class BaseFieldBlock(blocks.StructBlock):
    """Label, key, help text, required flag and optional display condition shared by every field."""

    label = blocks.CharBlock(label="Nhãn", max_length=255)
    key = blocks.CharBlock(
        label="Mã trường",
        required=False,
        max_length=50,
        help_text="Chữ thường không dấu, số và dấu gạch dưới; để trống để tạo từ nhãn. Dùng trong điều kiện hiển thị.",
    )
    help_text = blocks.CharBlock(label="Hướng dẫn", required=False, max_length=500)
    required = blocks.BooleanBlock(label="Bắt buộc", required=False, default=True)
    condition_field = blocks.CharBlock(
        label="Chỉ hiện khi trường",
        required=False,
        max_length=50,
        help_text="Chọn trong danh sách các trường của biểu mẫu (bấm vào ô để mở danh sách); trường phải đứng trước.",
    )
    condition_value = blocks.CharBlock(
        label="… có giá trị",
        required=False,
        max_length=255,
        help_text="Với lựa chọn: ghi đúng phương án; với Có/Không: ghi Có hoặc Không.",
    )

    is_input = True

    class Meta:
        icon = "form"

    def clean(self, value):
        value = super().clean(value)
        key = value.get("key")
        if key and not KEY_RE.match(key):
            raise StructBlockValidationError(
                {"key": ValidationError("Chỉ dùng chữ thường không dấu, số và dấu gạch dưới, bắt đầu bằng chữ.")}
            )
        if bool(value.get("condition_field")) != bool(value.get("condition_value")):
            raise StructBlockValidationError(
                {
                    "condition_value": ValidationError(
                        "Cần nhập cả mã trường và giá trị điều kiện, hoặc bỏ trống cả hai."
                    )
                }
            )
        return value

    @staticmethod
    def field_key(value) -> str:
        return value.get("key") or fold_key(value.get("label", ""))

    def build_field(self, value) -> forms.Field:
        """Return the Django form field asked for by ``value``."""
        raise NotImplementedError

    def field_kwargs(self, value) -> dict:
        return {"label": value["label"], "help_text": value.get("help_text", ""), "required": bool(value["required"])}

    def to_answer(self, value, cleaned):
        """Return ``cleaned`` as JSON data for the dossier."""
        return cleaned

    def display(self, value, answer) -> str:
        """Return an answer as the citizen reads it."""
        if answer in (None, "", []):
            return ""
        return str(answer)


class TextFieldBlock(BaseFieldBlock):
    """A one-line text answer."""

    def build_field(self, value):
        return forms.CharField(max_length=255, **self.field_kwargs(value))

    class Meta:
        label = "Văn bản ngắn"
        icon = "pilcrow"


class LongTextFieldBlock(BaseFieldBlock):
    """A multi-line text answer."""

    def build_field(self, value):
        return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 4}), **self.field_kwargs(value))

    class Meta:
        label = "Văn bản dài"
        icon = "doc-full"


class NumberFieldBlock(BaseFieldBlock):
    """A whole number answer (e.g. number of copies, children)."""

    def build_field(self, value):
        return forms.IntegerField(min_value=0, max_value=10**9, **self.field_kwargs(value))

    class Meta:
        label = "Số"
        icon = "order"


def validate_not_after_today(value) -> None:
    """Refuse a date after today in the site's time zone (a birth or issue date cannot be ahead)."""
    today = timezone.localdate()
    if value and value > today:
        raise ValidationError(f"Ngày không được sau hôm nay ({today:%d/%m/%Y}).", code="after_today")


class DateFieldBlock(BaseFieldBlock):
    """A date (dd/mm/yyyy), optionally not after today and before the date of another field.

    ``before_field`` names the key of another date field of the declaration, before or after this
    one, in any step: the rule "the mother's birth date is before the child's" can be set on
    either field's side of the form. The wizard's step forms check the order as soon as both dates
    are known, see ``forms.intake.steps.declaration_form_class``.
    """

    not_after_today = blocks.BooleanBlock(
        label="Không được sau ngày hôm nay",
        required=False,
        default=False,
        help_text="Dùng cho ngày sinh, ngày cấp giấy tờ…",
    )
    before_field = blocks.CharBlock(
        label="Phải trước ngày của trường",
        required=False,
        max_length=50,
        help_text="Chọn trong danh sách (bấm vào ô) một trường ngày khác của biểu mẫu, ở trước hoặc ở sau, "
        "mà ngày này phải trước; ví dụ ngày sinh của mẹ phải trước ngày sinh của con.",
    )

    def build_field(self, value):
        validators = [validate_not_after_today] if value.get("not_after_today") else []
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
            error_messages={"invalid": "Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm."},
            validators=validators,
            **self.field_kwargs(value),
        )

    def to_answer(self, value, cleaned):
        return cleaned.isoformat() if cleaned else ""

    def display(self, value, answer):
        if not answer:
            return ""
        year, month, day = answer.split("-")
        return f"{day}/{month}/{year}"

    class Meta:
        label = "Ngày"
        icon = "date"


class ChoiceFieldBlock(BaseFieldBlock):
    """One option among several (radio buttons)."""

    choices = blocks.TextBlock(label="Các phương án", help_text="Mỗi dòng một phương án.")

    def build_field(self, value):
        return forms.ChoiceField(
            choices=parse_choices(value["choices"]), widget=forms.RadioSelect, **self.field_kwargs(value)
        )

    def display(self, value, answer):
        return dict(parse_choices(value["choices"])).get(answer, "")

    class Meta:
        label = "Lựa chọn một"
        icon = "radio-full"


class MultipleChoiceFieldBlock(BaseFieldBlock):
    """Several options (check boxes)."""

    choices = blocks.TextBlock(label="Các phương án", help_text="Mỗi dòng một phương án.")

    def build_field(self, value):
        return forms.MultipleChoiceField(
            choices=parse_choices(value["choices"]), widget=forms.CheckboxSelectMultiple, **self.field_kwargs(value)
        )

    def display(self, value, answer):
        labels = dict(parse_choices(value["choices"]))
        return "; ".join(labels.get(item, "") for item in (answer or []))

    class Meta:
        label = "Lựa chọn nhiều"
        icon = "tasks"


class YesNoFieldBlock(BaseFieldBlock):
    """A yes/no question."""

    def build_field(self, value):
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **self.field_kwargs(value))

    def display(self, value, answer):
        return dict(YES_NO).get(answer, "")

    class Meta:
        label = "Có/Không"
        icon = "tick"


class EmailFieldBlock(BaseFieldBlock):
    """An e-mail address."""

    def build_field(self, value):
        return forms.EmailField(
            error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."}, **self.field_kwargs(value)
        )

    class Meta:
        label = "Thư điện tử"
        icon = "mail"


class PhoneFieldBlock(BaseFieldBlock):
    """A Vietnamese mobile number."""

    def build_field(self, value):
        return PhoneField(**self.field_kwargs(value))

    class Meta:
        label = "Số điện thoại di động"
        icon = "mobile-alt"


class IdNumberFieldBlock(BaseFieldBlock):
    """A personal identification number (CCCD, 12 digits)."""

    def build_field(self, value):
        return IdNumberField(**self.field_kwargs(value))

    class Meta:
        label = "Số định danh cá nhân (CCCD)"
        icon = "user"


class AddressFieldBlock(BaseFieldBlock):
    """An address: province → commune (two-level units after 2025) and a detail line."""

    def build_field(self, value):
        return AddressField(**self.field_kwargs(value))

    def display(self, value, answer):
        return format_address(answer)

    class Meta:
        label = "Địa chỉ"
        icon = "site"


class SectionHeadingBlock(blocks.StructBlock):
    """A heading with help text that splits a long declaration into parts; it asks for nothing."""

    heading = blocks.CharBlock(label="Tiêu đề", max_length=255)
    help_text = blocks.TextBlock(label="Hướng dẫn", required=False)

    is_input = False

    class Meta:
        label = "Tiêu đề phần"
        icon = "title"


class DeclarationFieldsBlock(blocks.StreamBlock):
    """The fields of one declaration step, in order."""

    text = TextFieldBlock()
    long_text = LongTextFieldBlock()
    number = NumberFieldBlock()
    date = DateFieldBlock()
    choice = ChoiceFieldBlock()
    multiple_choice = MultipleChoiceFieldBlock()
    yes_no = YesNoFieldBlock()
    email = EmailFieldBlock()
    phone = PhoneFieldBlock()
    id_number = IdNumberFieldBlock()
    address = AddressFieldBlock()
    heading = SectionHeadingBlock()


class DeclarationStepBlock(blocks.StructBlock):
    """One step of the declaration with its own heading in the progress indicator."""

    title = blocks.CharBlock(label="Tên bước", max_length=100)
    intro = blocks.TextBlock(label="Hướng dẫn đầu bước", required=False)
    fields = DeclarationFieldsBlock(label="Các trường")

    class Meta:
        icon = "list-ul"
        label = "Bước khai"


class DeclarationBlock(blocks.StreamBlock):
    """All declaration steps of a form.

    Field keys must be unique; display conditions must point backwards; a date-order rule
    (``before_field``) must name another date field, before or after.
    """

    step = DeclarationStepBlock()

    def clean(self, value):
        value = super().clean(value)
        seen: set[str] = set()
        keys: set[str] = set()
        dates: set[str] = set()
        for step in value:
            for child in step.value["fields"]:
                if getattr(child.block, "is_input", False):
                    keys.add(child.block.field_key(child.value))
                    if isinstance(child.block, DateFieldBlock):
                        dates.add(child.block.field_key(child.value))
        errors = []
        for step in value:
            for child in step.value["fields"]:
                if not getattr(child.block, "is_input", False):
                    continue
                key = child.block.field_key(child.value)
                label = child.value["label"]
                condition = child.value.get("condition_field")
                if condition and condition not in seen:
                    errors.append(f"Trường “{label}” phụ thuộc vào mã “{condition}” chưa có ở trước.")
                before = child.value.get("before_field")
                if before == key:
                    errors.append(f"Trường “{label}” không thể phải trước ngày của chính nó.")
                elif before and before not in keys:
                    errors.append(f"Trường “{label}” phải trước ngày của mã “{before}”, nhưng biểu mẫu không có mã đó.")
                elif before and before not in dates:
                    errors.append(
                        f"Trường “{label}” phải trước ngày của mã “{before}”, nhưng đó không phải trường ngày."
                    )
                if key in seen:
                    errors.append(f"Mã trường “{key}” bị trùng; hãy đặt mã khác cho “{label}”.")
                seen.add(key)
        if errors:
            raise blocks.StreamBlockValidationError(non_block_errors=ValidationError(errors))
        return value
