"""Forms of the personal-data pages: closing the account."""

from django import forms


class AccountCloseForm(forms.Form):
    """Closing the account: the password again (when the account has one) and an explicit yes."""

    password = forms.CharField(
        label="Mật khẩu hiện tại",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Hãy nhập mật khẩu để xác nhận."},
    )
    confirm = forms.BooleanField(
        label="Tôi hiểu rằng tài khoản sẽ bị xóa và không khôi phục được.",
        error_messages={"required": "Hãy đánh dấu để xác nhận đóng tài khoản."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            # Signed in through the national identity only: allauth's re-authentication stands in.
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Mật khẩu không đúng.", code="wrong_password")
        return password
