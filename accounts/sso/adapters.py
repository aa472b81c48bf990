"""Where allauth hands a finished OpenID Connect sign-in to the portal (``SOCIALACCOUNT_ADAPTER``)."""

from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base import AuthProcess

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.shortcuts import redirect

from accounts.citizens import is_staff_account
from accounts.sso.services import claims_merge, profile_update_from_claims


def _refuse(request: HttpRequest, message: str) -> ImmediateHttpResponse:
    messages.error(request, message)
    return ImmediateHttpResponse(redirect("accounts:profile" if request.user.is_authenticated else "account_login"))


class CitizenSocialAccountAdapter(DefaultSocialAccountAdapter):
    """Citizens only; links to the signed-in citizen; the claims refresh the profile at every sign-in.

    - the first sign-in with an identity creates a citizen account (never staff) from the claims;
    - a citizen already signed in with a password who signs in with the identity gets it linked to
      their own account rather than a second account;
    - a staff account is never signed into nor linked by single sign-on (staff log in at /admin/);
    - when OIDC_ACR_VALUES is set and the provider reports an ``acr`` outside it, the sign-in is
      refused (the ``acr_values`` a browser sends can be altered by the citizen).
    """

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        claims = claims_merge(extra_data=sociallogin.account.extra_data or {})
        requested_acr = self._requested_acr(sociallogin)
        if requested_acr and claims.get("acr") and claims["acr"] not in requested_acr:
            raise _refuse(request, "Mức độ xác thực của tài khoản định danh không đủ để đăng nhập.")
        signed_in = request.user if request.user.is_authenticated else None
        if sociallogin.is_existing:
            user = sociallogin.user
            if signed_in is not None and signed_in.pk != user.pk:
                raise _refuse(request, "Tài khoản định danh này đã liên kết với một tài khoản khác.")
        elif signed_in is not None:
            user = signed_in
        else:
            # A new account (save_user() fills its profile). An e-mail from the provider that
            # another account already uses is left off rather than stopping the sign-in at an
            # extra form: the identity, not the e-mail, is what the provider vouches for here.
            self._drop_taken_emails(sociallogin)
            return
        if is_staff_account(user):
            raise _refuse(request, "Tài khoản cán bộ không đăng nhập bằng định danh quốc gia.")
        if not sociallogin.is_existing and sociallogin.state.get("process") != AuthProcess.CONNECT:
            # Signed in with a password and now with the identity: link it to this account.
            sociallogin.connect(request, user)
        profile_update_from_claims(user=user, claims=claims, provider=sociallogin.account.provider)

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form=None):
        """A new citizen account from a first sign-in: never staff, profile filled from the claims."""
        user = sociallogin.user
        user.is_staff = False
        user.is_superuser = False
        user = super().save_user(request, sociallogin, form)
        claims = claims_merge(extra_data=sociallogin.account.extra_data or {})
        profile_update_from_claims(user=user, claims=claims, provider=sociallogin.account.provider)
        return user

    @staticmethod
    def _drop_taken_emails(sociallogin: SocialLogin) -> None:
        def taken(email: str) -> bool:
            return (
                EmailAddress.objects.filter(email__iexact=email).exists()
                or get_user_model().objects.filter(email__iexact=email).exists()
            )

        sociallogin.email_addresses = [a for a in sociallogin.email_addresses if not taken(a.email)]
        if sociallogin.user.email and taken(sociallogin.user.email):
            sociallogin.user.email = ""

    @staticmethod
    def _requested_acr(sociallogin: SocialLogin) -> list[str]:
        app = sociallogin.account.get_provider().app
        acr_values = ((app.settings or {}).get("auth_params") or {}).get("acr_values", "") if app else ""
        return acr_values.split()
