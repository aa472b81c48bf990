"""Views of the citizen's account; thin, the work is in ``accounts.services`` and ``accounts.selectors``."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
@login_required
def my_dossiers(request):
    """/tai-khoan/: "Hồ sơ của tôi", the signed-in citizen's dossiers and drafts."""
    return render(request, "accounts/home.html", {})
