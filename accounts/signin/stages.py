"""allauth login stages of the portal.

allauth's e-mail verification by code requires verification to be "mandatory", which allauth
means for sites where every account has an e-mail address. Here an account has a mobile number,
an e-mail address, or both, and each contact given must be proved with its code before the first
sign-in: the phone by allauth's phone stage, the e-mail by this stage, which lets accounts
without an e-mail address (a phone, or a single-sign-on identity) through. A single-sign-on
identity needs no phone code either.
"""

from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage, PhoneVerificationStage
from allauth.core.exceptions import RateLimited

from django.shortcuts import render


class ContactEmailVerificationStage(EmailVerificationStage):
    """E-mail verification, mandatory for the accounts that have an e-mail address."""

    def handle(self):
        user = self.login.user
        if (
            user is not None
            and user.pk
            and not self.login.email
            and not EmailAddress.objects.filter(user=user).exists()
        ):
            self.login.email_verification = EmailVerificationMethod.NONE
        return super().handle()


class ContactPhoneVerificationStage(PhoneVerificationStage):
    """Phone verification, except when the national identity provider signs the citizen in.

    A sign-in through VNeID / the national portal (OpenID Connect) has proved who the person is;
    asking it for a code sent to a phone number typed earlier would hold the citizen back for
    nothing. The phone stays unverified until it is proved another way.
    """

    def handle(self):
        if (self.login.signal_kwargs or {}).get("sociallogin") is not None:
            return None, True
        try:
            return super().handle()
        except RateLimited:
            # allauth's "verify_phone" limit (settings.ACCOUNT_RATE_LIMITS) raises here, inside the
            # sign-up or sign-in, where nothing catches it: it was a server error (500) when a number
            # registered twice within 30 s, or a fourth citizen registered from one address (a
            # commune office behind one NAT) within a minute. A page that says to wait instead.
            return render(self.request, "accounts/code_rate_limited.html", status=429), False
