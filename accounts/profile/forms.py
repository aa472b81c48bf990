"""The form of the profile page; fields the identity provider supplied are left out of it."""

from django import forms

from accounts.models import CitizenProfile
from accounts.profile.services import EDITABLE_FIELDS


class ProfileForm(forms.Form):
    """Name, birth date, address and e-mail; a field in ``verified_fields`` is not in the form at all.

    Leaving it out (rather than disabling it) means nothing posted for it is even read.
    """

    full_name = forms.CharField(label="Họ và tên", max_length=255, required=False)
    birth_date = forms.DateField(
        label="Ngày sinh",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "ngày/tháng/năm"}, format="%d/%m/%Y"),
        help_text="Ví dụ: 25/03/1985",
        error_messages={"invalid": "Ngày sinh viết theo dạng ngày/tháng/năm, ví dụ 25/03/1985."},
    )
    address = forms.CharField(label="Địa chỉ", max_length=500, required=False)
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
        help_text="Địa chỉ mới được dùng sau khi bạn nhập mã xác minh gửi đến địa chỉ đó.",
    )

    def __init__(self, *args, profile: CitizenProfile, **kwargs):
        super().__init__(*args, **kwargs)
        for field in EDITABLE_FIELDS:
            if profile.is_verified(field):
                del self.fields[field]

    def profile_changes(self) -> dict:
        """The cleaned values of the profile fields still in the form."""
        return {field: self.cleaned_data[field] for field in EDITABLE_FIELDS if field in self.fields}
