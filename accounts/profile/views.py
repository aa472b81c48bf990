"""The profile page view; thin, the rules are in ``accounts.profile.services``."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accounts.citizens import citizen_required
from accounts.profile.forms import ProfileForm
from accounts.profile.services import profile_email_change, profile_get_or_create, profile_update


@never_cache
@citizen_required
def profile(request):
    """/tai-khoan/thong-tin/: the signed-in citizen's profile, provider-supplied fields read-only."""
    user = request.user
    profile = profile_get_or_create(user=user)
    initial = {
        "full_name": profile.full_name,
        "birth_date": profile.birth_date,
        "address": profile.address,
        "email": user.email,
    }
    form = ProfileForm(request.POST or None, initial=initial, profile=profile)
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(user=user, changes=form.profile_changes())
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            messages.success(request, "Đã lưu thông tin của bạn.")
            if form.cleaned_data["email"] and profile_email_change(
                request=request, user=user, email=form.cleaned_data["email"]
            ):
                # allauth sent a code (ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED), not a link: its page takes it.
                return redirect("account_email_verification_sent")
            return redirect("accounts:profile")
    verified = [
        (profile._meta.get_field(field).verbose_name, getattr(profile, field))
        for field in ("full_name", "id_number", "birth_date", "address")
        if profile.is_verified(field)
    ]
    context = {
        "form": form,
        "profile": profile,
        "verified": verified,
        "sso_linked": SocialAccount.objects.filter(user=user).exists(),
        "pending_email": EmailAddress.objects.filter(user=user, verified=False).exclude(email=user.email).first(),
    }
    return render(request, "accounts/profile.html", context)
