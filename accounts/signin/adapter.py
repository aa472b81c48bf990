"""django-allauth adapter for citizens: Vietnamese messages, phone numbers on the profile, SMS codes.

allauth keeps no phone number itself; it asks the adapter, which keeps it on ``CitizenProfile``
in national form (0xxxxxxxxx). Codes to a phone go through ``accounts.sms`` (the gateway in
``settings.SMS_BACKEND``), codes to an e-mail address through Django's mail backend. Rate limits
and lockouts key on ``portal.net.client_address`` (the client behind the trusted proxies).
"""

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from accounts import selectors, services
from accounts.citizens import is_staff_account
from accounts.sms import sms_send
from portal.net import client_address

SMS_SIGNATURE = "Cổng DVC xã"

ERROR_MESSAGES = {
    "account_inactive": "Tài khoản này đang bị khóa.",
    "cannot_remove_primary_email": "Không thể xóa địa chỉ e-mail chính của tài khoản.",
    "duplicate_email": "Địa chỉ e-mail này đã gắn với tài khoản của bạn.",
    "email_password_mismatch": "E-mail hoặc mật khẩu không đúng.",
    "phone_password_mismatch": "Số điện thoại hoặc mật khẩu không đúng.",
    "email_taken": "Địa chỉ e-mail này đã được dùng cho một tài khoản khác.",
    "enter_current_password": "Vui lòng nhập mật khẩu hiện tại.",
    "incorrect_code": "Mã xác minh không đúng.",
    "incorrect_password": "Mật khẩu không đúng.",
    "invalid_or_expired_key": "Đường dẫn không hợp lệ hoặc đã hết hạn.",
    "invalid_login": "Thông tin đăng nhập không hợp lệ.",
    "invalid_password_reset": "Mã đặt lại mật khẩu không hợp lệ.",
    "max_email_addresses": "Không thể thêm quá %d địa chỉ e-mail.",
    "phone_taken": "Số điện thoại này đã được dùng cho một tài khoản khác.",
    "too_many_login_attempts": "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.",
    "unknown_email": "Không có tài khoản nào dùng địa chỉ e-mail này.",
    "unknown_phone": "Không có tài khoản nào dùng số điện thoại này.",
    "unverified_primary_email": "Địa chỉ e-mail chính của bạn cần được xác minh.",
    "username_blacklisted": "Không dùng được tên đăng nhập này.",
    "username_password_mismatch": "Tên đăng nhập hoặc mật khẩu không đúng.",
    "username_taken": "Tên đăng nhập này đã có người dùng.",
    "select_only_one": "Vui lòng chỉ chọn một.",
    "same_as_current": "Giá trị mới phải khác giá trị hiện tại.",
    "rate_limited": "Bạn gửi yêu cầu quá nhanh. Vui lòng đợi một lát rồi thử lại.",
}


class CitizenAccountAdapter(DefaultAccountAdapter):
    """allauth's hooks for the portal's citizens (staff never sign in through allauth)."""

    error_messages = ERROR_MESSAGES

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_address(request)

    def format_email_subject(self, subject: str) -> str:
        return str(subject).strip()

    def get_login_stages(self) -> list[str]:
        ours = {
            "allauth.account.stages.EmailVerificationStage": "accounts.signin.stages.ContactEmailVerificationStage",
            "allauth.account.stages.PhoneVerificationStage": "accounts.signin.stages.ContactPhoneVerificationStage",
        }
        return [ours.get(path, path) for path in super().get_login_stages()]

    def pre_login(self, request, user, **kwargs):
        """Refuse staff accounts, whichever way they reached the citizens' sign-in (password, code, SSO)."""
        if is_staff_account(user):
            from allauth.account.internal.stagekit import clear_login

            from accounts.signin.forms import staff_login_message

            clear_login(request)
            messages.error(request, staff_login_message())
            return HttpResponseRedirect(reverse("account_login"))
        return super().pre_login(request, user, **kwargs)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.citizen_profile_ensure(user=user)
        return user

    # --- Phone numbers, kept on CitizenProfile ---------------------------------------------------

    def phone_form_field(self, **kwargs):
        from accounts.signin.forms import CitizenPhoneField

        return CitizenPhoneField(**kwargs)

    def get_phone(self, user: AbstractBaseUser) -> tuple[str, bool] | None:
        return selectors.profile_phone(user=user)

    def set_phone(self, user: AbstractBaseUser, phone: str, verified: bool) -> None:
        services.citizen_phone_set(user=user, phone=phone, verified=verified)

    def set_phone_verified(self, user: AbstractBaseUser, phone: str) -> None:
        services.citizen_phone_verify(user=user, phone=phone)

    def get_user_by_phone(self, phone: str) -> AbstractBaseUser | None:
        from accounts.signin.forms import CitizenPhoneField

        try:
            phone = CitizenPhoneField().clean(phone)
        except ValidationError:
            return None
        return selectors.user_by_phone(phone=phone) if phone else None

    def send_verification_code_sms(self, user: AbstractBaseUser, phone: str, code: str, **kwargs) -> None:
        minutes = allauth_settings.PHONE_VERIFICATION_TIMEOUT // 60
        sms_send(
            to=phone,
            body=f"{SMS_SIGNATURE}: mã xác minh số điện thoại của bạn là {code}, có hiệu lực {minutes} phút. "
            "Không đưa mã này cho ai.",
        )

    def send_password_reset_code_sms(self, *, user: AbstractBaseUser, phone: str, code: str) -> None:
        minutes = allauth_settings.PASSWORD_RESET_BY_CODE_TIMEOUT // 60
        sms_send(
            to=phone,
            body=f"{SMS_SIGNATURE}: mã đặt lại mật khẩu của bạn là {code}, có hiệu lực {minutes} phút. "
            "Không đưa mã này cho ai.",
        )

    def send_account_already_exists_sms(self, phone: str) -> None:
        sms_send(
            to=phone,
            body=f"{SMS_SIGNATURE}: số điện thoại này đã có tài khoản. Nếu quên mật khẩu, hãy chọn "
            "“Quên mật khẩu” ở trang đăng nhập.",
        )

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        """No text to a number without an account: it costs the commune and tells nothing useful."""
