"""Forms of the tracking pages: lookup by code and phone, supplement upload."""

from django import forms
from django.core.exceptions import ValidationError

from forms.files.services import AttachmentInput
from forms.files.uploads import ACCEPT_ATTRIBUTE, ALLOWED_TYPES_LABEL, FILE_ERRORS, validate_total_size, validate_upload
from forms.intake.fields import PhoneField
from forms.tracking.selectors import normalize_dossier_code
from portal.inputs import CleanInputFormMixin

SUPPLEMENT_SLOTS = 5


CODE_HELP = "In trên giấy tiếp nhận hồ sơ, ví dụ {prefix}-261122-0001."


class LookupForm(CleanInputFormMixin, forms.Form):
    """Mã hồ sơ + the phone number given when submitting.

    ``code_prefix`` is the prefix of the commune the page is asked on (its official unit code,
    ``forms.communes.site_dossier_code_prefix``): the example code reads like the codes it prints.
    """

    code = forms.CharField(label="Mã hồ sơ", max_length=40, help_text=CODE_HELP.format(prefix="HS"))
    phone = PhoneField(label="Số điện thoại đã khai khi nộp")

    def __init__(self, *args, code_prefix: str = "HS", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = CODE_HELP.format(prefix=code_prefix)

    def clean_code(self):
        # As stored: the per-dossier limit must count "23098.261123.0002" and "23098-261123-0002" as one.
        return normalize_dossier_code(self.cleaned_data["code"])


class SupplementForm(CleanInputFormMixin, forms.Form):
    """Files (and an optional note) answering the officer's supplement request."""

    note = forms.CharField(
        label="Ghi chú gửi cán bộ", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(SUPPLEMENT_SLOTS):
            self.fields[f"file_{index}"] = forms.FileField(
                label=f"Tệp bổ sung {index + 1}",
                required=False,
                error_messages=FILE_ERRORS,
                help_text=ALLOWED_TYPES_LABEL if index == 0 else "",
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
            )

    def clean(self):
        cleaned = super().clean()
        files = [cleaned.get(f"file_{i}") for i in range(SUPPLEMENT_SLOTS) if cleaned.get(f"file_{i}")]
        for index in range(SUPPLEMENT_SLOTS):
            upload = cleaned.get(f"file_{index}")
            if upload:
                try:
                    validate_upload(upload)
                except ValidationError as error:
                    self.add_error(f"file_{index}", error)
        if not files and not self.errors:
            raise ValidationError("Hãy chọn ít nhất một tệp giấy tờ bổ sung.")
        try:
            validate_total_size(sum(f.size for f in files))
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def attachments(self) -> list[AttachmentInput]:
        return [
            AttachmentInput(slot="", label="Giấy tờ bổ sung", name=upload.name, file=upload)
            for index in range(SUPPLEMENT_SLOTS)
            if (upload := self.cleaned_data.get(f"file_{index}"))
        ]


class AccessForm(forms.Form):
    """The tracking page's check before personal data and files: the phone given when submitting."""

    phone = PhoneField(label="Số điện thoại đã khai khi nộp")
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
