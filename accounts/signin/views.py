"""The page shown while a sign-in is locked (citizens' and staff's alike); axes' lockout callable."""

import math

from axes.handlers.proxy import AxesProxyHandler

from django.shortcuts import render
from django.utils import timezone


def login_locked_out(request, original_response=None, credentials=None, *, until=None):
    """429 "Tạm khóa đăng nhập", saying at what time (and in how many minutes) to try again."""
    if until is None:
        until = AxesProxyHandler.get_implementation().locked_until(request, credentials)
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60)) if until else None
    response = render(
        request,
        "accounts/locked_out.html",
        {"until": timezone.localtime(until) if until else None, "minutes": minutes},
        status=429,
    )
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    response["Cache-Control"] = "no-store"
    # axes has logged the lockout once; a line per refused guess of a flood would only cost time.
    response._has_been_logged = True
    return response
