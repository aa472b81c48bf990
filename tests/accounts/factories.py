"""Factories for the accounts tests: citizens with a profile, saved documents."""

import itertools

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import CitizenProfile, SavedDocument
from accounts.services import saved_document_create
from tests.forms import factories as f

_seq = itertools.count(1)


def citizen_make(*, phone: str | None = None, email: str = "", **profile) -> object:
    """A citizen: a user without ``is_staff`` with a CitizenProfile (``profile`` overrides its fields)."""
    n = next(_seq)
    user = get_user_model().objects.create_user(f"cong-dan-{n}", email=email or f"cong-dan-{n}@example.vn")
    values = {"full_name": f"Công Dân {n}", "phone": phone or f"09{n:08d}"}
    values.update(profile)
    CitizenProfile.objects.create(user=user, **values)
    return user


def saved_document_make(*, owner, label: str = "Căn cước công dân", content: bytes | None = None, kind: str = ""):
    """A document kept in ``owner``'s account (a real PDF by default, unique per call)."""
    body = content if content is not None else f.pdf_bytes() + f"% {next(_seq)}\n".encode()
    upload = SimpleUploadedFile("cccd.pdf", body, content_type="application/pdf")
    return saved_document_create(owner=owner, label=label, file=upload, name="cccd.pdf", kind=kind)


def saved_count(owner) -> int:
    return SavedDocument.objects.filter(owner=owner).count()
