"""Sign-in, registration and reset forms: allauth's forms with Vietnamese labels, phone numbers and the staff rule.

A citizen registers with a mobile number or an e-mail address (at least one) and a password,
and signs in with either. Phone numbers are kept in their national form (0xxxxxxxxx), as the
dossiers keep the applicant's; "+84 912 345 678" and "0912.345.678" are the same number.
Officers and editors sign in only at the Wagtail admin (/admin/login/), never here.
"""

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import LoginForm, ResetPasswordForm, SignupForm
from allauth.account.internal.flows.password_reset_by_code import PasswordResetVerificationProcess

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils.html import format_html

from accounts.citizens import is_staff_account
from forms.intake.fields import PhoneField

PHONE_OR_EMAIL_LABEL = "Số điện thoại di động hoặc e-mail"


class CitizenPhoneField(PhoneField):
    """A Vietnamese mobile number, returned as 0xxxxxxxxx (allauth's ``phone_form_field``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Số điện thoại di động")
        kwargs.pop("validators", None)  # allauth's E.164 check does not fit 0xxxxxxxxx
        super().__init__(**kwargs)


def staff_login_message() -> str:
    """What a staff account is told at the citizens' sign-in page."""
    return format_html(
        'Tài khoản cán bộ, công chức đăng nhập tại <a href="{}">trang quản trị</a>, không đăng nhập ở đây.',
        reverse("wagtailadmin_login"),
    )


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _is_phone(value: str) -> bool:
    try:
        CitizenPhoneField(required=True).clean(value)
    except ValidationError:
        return False
    return True


class CitizenLoginForm(LoginForm):
    """Sign in with a mobile number or e-mail address and the password; staff are sent to /admin/."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = PHONE_OR_EMAIL_LABEL
        login.widget.attrs.update(placeholder="0912345678 hoặc ten@example.com", autocomplete="username")
        self.fields["password"].label = "Mật khẩu"
        self.fields["password"].help_text = ""
        self.fields["password"].widget.attrs.pop("placeholder", None)
        if "remember" in self.fields:
            self.fields["remember"].label = "Ghi nhớ đăng nhập trên máy này"

    def clean_login(self) -> str:
        login = super().clean_login()
        if not (_is_email(login) or _is_phone(login)):
            # Most often an officer's user name (make run prints them): point them to the admin.
            raise ValidationError(
                format_html(
                    "Nhập số điện thoại di động hoặc địa chỉ e-mail đã đăng ký. Cán bộ, công chức đăng nhập"
                    ' bằng tên đăng nhập tại <a href="{}">trang quản trị</a>.',
                    reverse("wagtailadmin_login"),
                ),
                code="invalid_login",
            )
        return login

    def clean(self):
        cleaned = super().clean()
        if self.user is not None and is_staff_account(self.user):
            self.user = None
            raise ValidationError(staff_login_message(), code="staff_account")
        return cleaned


class CitizenSignupForm(SignupForm):
    """Register with a mobile number or an e-mail address (at least one) and a password."""

    field_order = ["phone", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required in settings for allauth's checks; here either contact will do (see clean()).
        self._signup_fields["email"] = {"required": False}
        self.fields["email"].required = False
        self.fields["email"].widget.is_required = False
        self.fields["email"].label = "E-mail"
        self.fields["email"].widget.attrs.update(placeholder="ten@example.com")
        self.fields["email"].help_text = "Có thể bỏ trống nếu đã nhập số điện thoại."
        self.fields["phone"].label = "Số điện thoại di động"
        self.fields["phone"].help_text = "Có thể bỏ trống nếu đã nhập e-mail. Mã xác minh gửi qua tin nhắn."
        self.fields["phone"].widget.attrs.update(placeholder="0912345678")
        self.fields["password1"].label = "Mật khẩu"
        self.fields["password1"].widget.attrs.pop("placeholder", None)
        if "password2" in self.fields:
            self.fields["password2"].label = "Nhập lại mật khẩu"
            self.fields["password2"].widget.attrs.pop("placeholder", None)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email") and not self.has_error("phone"):
            if not self.has_error("email"):
                raise ValidationError(
                    "Nhập số điện thoại di động hoặc e-mail (ít nhất một) để nhận mã xác minh.", code="no_contact"
                )
        return cleaned

    def clean_email(self) -> str:
        value = super().clean_email()
        return value or ""


class PhonePasswordResetProcess(PasswordResetVerificationProcess):
    """allauth's reset-by-code, with the code sent by SMS to an account's verified mobile number."""

    def send(self) -> None:
        phone = self.state["email"]  # allauth keeps the recipient under this name
        if not self.user:
            return  # an unknown number gets nothing: no text to strangers, and nothing to enumerate
        code = get_adapter().generate_password_reset_code()
        self.state["code"] = code
        get_adapter().send_password_reset_code_sms(user=self.user, phone=phone, code=code)


class CitizenResetPasswordForm(ResetPasswordForm):
    """Forgotten password: a code by e-mail, or by SMS for an account with only a phone number."""

    email = forms.CharField(label=PHONE_OR_EMAIL_LABEL, max_length=254)

    def clean_email(self) -> str:
        value = self.cleaned_data["email"].strip()
        self.phone = None
        if _is_email(value):
            self.cleaned_data["email"] = value
            return super().clean_email()
        if not _is_phone(value):
            raise ValidationError("Nhập số điện thoại di động hoặc địa chỉ e-mail đã đăng ký.", code="invalid")
        self.phone = CitizenPhoneField().clean(value)
        user = get_adapter().get_user_by_phone(self.phone)
        verified = user is not None and get_adapter().get_phone(user) == (self.phone, True)
        self.users = [user] if verified and user.is_active else []
        return self.phone

    def save(self, request, **kwargs) -> str:
        if self.phone is None:
            return super().save(request, **kwargs)
        assert allauth_settings.PASSWORD_RESET_BY_CODE_ENABLED  # nosec: links cannot go by SMS
        state = PhonePasswordResetProcess.initial_state(self.users[0] if self.users else None, self.phone)
        process = PhonePasswordResetProcess(request, state=state, user=self.users[0] if self.users else None)
        process.send()
        process.persist()
        return self.phone
