"""Who counts as a citizen on the public site (imported by the wizard, so it imports nothing of forms)."""


def citizen_of(request):
    """The signed-in citizen, or None for visitors and staff.

    Staff are users with ``is_staff`` or the right to enter the Wagtail admin (officers and editors
    get it from their groups); they sign in to the admin only, and a dossier they enter for someone
    at the counter is not theirs.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff or user.is_superuser:
        return None
    if user.has_perm("wagtailadmin.access_admin"):
        return None
    return user
