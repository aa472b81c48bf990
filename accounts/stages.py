"""allauth login stages of the portal.

allauth's e-mail verification by code requires verification to be "mandatory", which allauth
means for sites where every account has an e-mail address. Here an account has a mobile number,
an e-mail address, or both, and each contact given must be proved with its code before the first
sign-in: the phone by allauth's phone stage, the e-mail by this stage, which lets accounts
without an e-mail address (a phone, or a single-sign-on identity) through.
"""

from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage


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
