"""Who counts as a citizen and who as staff (imported by the wizard, so it imports nothing of forms)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache


def is_staff_account(user) -> bool:
    """Whether ``user`` is an officer, editor or administrator: one who signs in only at /admin/.

    Staff are users with ``is_staff`` or the right to enter the Wagtail admin (officers and editors
    get it from their groups).
    """
    return bool(
        getattr(user, "is_staff", False)
        or getattr(user, "is_superuser", False)
        or user.has_perm("wagtailadmin.access_admin")
    )


def citizen_of(request):
    """The signed-in citizen, or None for visitors and staff.

    Staff sign in to the admin only, and a dossier they enter for someone at the counter is not theirs.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or is_staff_account(user):
        return None
    return user


def citizen_required(view):
    """For the citizen's own pages: visitors go to the sign-in page, staff (admin only) back to the admin."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if citizen_of(request) is None:
            if request.user.is_authenticated:
                return redirect("wagtailadmin_home")
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return never_cache(wrapper)
