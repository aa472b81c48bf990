"""Forms of "Hồ sơ của tôi": add a dossier submitted without an account, keep a document."""

from django import forms
from django.core.exceptions import ValidationError

from forms.files.uploads import ACCEPT_ATTRIBUTE, ALLOWED_TYPES_LABEL, FILE_ERRORS, validate_upload
from forms.tracking.forms import LookupForm


class ClaimForm(LookupForm):
    """ "Thêm hồ sơ đã nộp": the dossier code and the phone number given when submitting it."""

    prefix = "them-ho-so"


class SavedDocumentForm(forms.Form):
    """A paper to keep in the account without a dossier (ID card, household papers …)."""

    prefix = "giay-to"

    label = forms.CharField(
        label="Tên giấy tờ",
        max_length=255,
        help_text="Ví dụ: Căn cước công dân (hai mặt), Giấy khai sinh của con.",
        error_messages={"required": "Hãy đặt tên cho giấy tờ."},
    )
    file = forms.FileField(
        label="Tệp",
        error_messages={**FILE_ERRORS, "required": "Hãy chọn tệp giấy tờ."},
        help_text=ALLOWED_TYPES_LABEL,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload:
            try:
                validate_upload(upload)
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return upload
