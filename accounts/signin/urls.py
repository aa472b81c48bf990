"""allauth's views at Vietnamese addresses under /tai-khoan/, with allauth's own URL names.

allauth's ``allauth.urls`` is not included: its English paths (/tai-khoan/login/, signup/ …)
must not exist beside these. Views keep allauth's names (``account_login`` …) because allauth
reverses them itself. The single-sign-on provider callbacks (OpenID Connect) keep the paths
allauth gives them, since providers are registered with those redirect addresses.
"""

from allauth.account import views as account_views
from allauth.socialaccount import views as social_views
from allauth.urls import build_provider_urlpatterns

from django.urls import path

urlpatterns = [
    path("dang-nhap/", account_views.login, name="account_login"),
    path("dang-xuat/", account_views.logout, name="account_logout"),
    path("dang-ky/", account_views.signup, name="account_signup"),
    path("tam-khoa/", account_views.account_inactive, name="account_inactive"),
    path("xac-thuc-lai/", account_views.reauthenticate, name="account_reauthenticate"),
    path("xac-thuc-lai/ma/", account_views.request_reauthentication_code, name="account_request_reauthentication_code"),
    path(
        "xac-thuc-lai/ma/xac-nhan/",
        account_views.confirm_reauthentication_code,
        name="account_confirm_reauthentication_code",
    ),
    path("dang-nhap/ma/xac-nhan/", account_views.confirm_login_code, name="account_confirm_login_code"),
    # Contacts: e-mail addresses and the mobile number, each proved with a code.
    path("email/", account_views.email, name="account_email"),
    path("email/xac-minh/", account_views.email_verification_sent, name="account_email_verification_sent"),
    path("dien-thoai/xac-minh/", account_views.verify_phone, name="account_verify_phone"),
    path("dien-thoai/doi/", account_views.change_phone, name="account_change_phone"),
    # Passwords: change, set, and reset by a code sent by e-mail or SMS.
    path("mat-khau/doi/", account_views.password_change, name="account_change_password"),
    path("mat-khau/dat/", account_views.password_set, name="account_set_password"),
    path("mat-khau/quen/", account_views.password_reset, name="account_reset_password"),
    path(
        "mat-khau/quen/xac-nhan/", account_views.confirm_password_reset_code, name="account_confirm_password_reset_code"
    ),
    path("mat-khau/quen/dat-lai/", account_views.complete_password_reset, name="account_complete_password_reset"),
    path("mat-khau/quen/xong/", account_views.password_reset_from_key_done, name="account_password_reset_completed"),
    # Single sign-on (acc-sso): allauth's pages around a provider's sign-in.
    path("lien-ket/huy/", social_views.login_cancelled, name="socialaccount_login_cancelled"),
    path("lien-ket/loi/", social_views.login_error, name="socialaccount_login_error"),
    path("lien-ket/dang-ky/", social_views.signup, name="socialaccount_signup"),
    path("lien-ket/", social_views.connections, name="socialaccount_connections"),
    *build_provider_urlpatterns(),
]
