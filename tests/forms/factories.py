"""Factories for the forms tests: submission form pages, real file contents, dossiers."""

import io
import itertools
import zipfile

from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile

from forms.files.services import AttachmentInput
from forms.intake.services import dossier_submit
from forms.lifecycle.services import dossier_transition
from forms.models import DossierStatus, SubmissionFormIndexPage, SubmissionFormPage
from tests import factories

_seq = itertools.count(1)

ADDRESS = {
    "province_code": "1",
    "province": "Thành phố Hà Nội",
    "commune_code": "70",
    "commune": "Phường Hoàn Kiếm",
    "detail": "Số 1 Tràng Tiền",
}


def pdf_bytes(size: int = 0) -> bytes:
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return body + b"%" * max(0, size - len(body))


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def doc_bytes() -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "WordDocument".encode("utf-16-le") + b"\x00" * 52
    return header + directory + b"\x00" * 1024


def exe_bytes() -> bytes:
    return b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00" + b"\x00" * 200


def upload(name: str = "giay-to.pdf", content: bytes | None = None, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type=content_type)


def wagtail_tree_ensure() -> None:
    """Recreate the root page and locale the migrations made; a transactional test's flush drops them."""
    from wagtail.models import Locale, Page

    locale, _ = Locale.objects.get_or_create(language_code="vi")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


def form_index_make(*, home=None) -> SubmissionFormIndexPage:
    home = home or factories.home_page_make()
    existing = SubmissionFormIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    return home.add_child(instance=SubmissionFormIndexPage(title="Nộp hồ sơ trực tuyến", slug="nop-ho-so-truc-tuyen"))


def field(kind: str, label: str, **extra) -> tuple[str, dict]:
    value = {"label": label, "key": "", "help_text": "", "required": True, "condition_field": "", "condition_value": ""}
    value.update(extra)
    return (kind, value)


DEFAULT_DECLARATION = [
    (
        "step",
        {
            "title": "Thông tin người được khai sinh",
            "intro": "",
            "fields": [
                ("heading", {"heading": "Người được khai sinh", "help_text": ""}),
                field("text", "Họ, chữ đệm, tên", key="child_name"),
                field("date", "Ngày, tháng, năm sinh", key="child_birth_date"),
                field("choice", "Giới tính", key="child_sex", choices="Nam\nNữ"),
                field("yes_no", "Đã có tên cha", key="has_father"),
                field(
                    "text",
                    "Họ, chữ đệm, tên người cha",
                    key="father_name",
                    condition_field="has_father",
                    condition_value="Có",
                ),
            ],
        },
    )
]


def form_page_make(*, procedure=None, declaration=None, **fields) -> SubmissionFormPage:
    """Create and publish a submission form for ``procedure`` (a new procedure when None)."""
    procedure = procedure or factories.procedure_make()
    index = form_index_make()
    n = next(_seq)
    page = SubmissionFormPage(
        title=fields.pop("title", f"Nộp hồ sơ {procedure.title}"),
        slug=fields.pop("slug", f"nop-ho-so-{n}"),
        procedure=procedure,
        declaration=DEFAULT_DECLARATION if declaration is None else declaration,
        **fields,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def applicant_make(**overrides) -> dict:
    applicant = {
        "full_name": "Nguyễn Văn An",
        "id_number": "001090012345",
        "date_of_birth": "1990-05-01",
        "phone": "0912345678",
        "email": "an@example.vn",
        "address": dict(ADDRESS),
        "applying_for": "self",
    }
    applicant.update(overrides)
    return applicant


def attachments_for(page: SubmissionFormPage, *, content: bytes | None = None) -> list[AttachmentInput]:
    """A file for every paper the form requires (none for papers shown at the counter, notes, unticked cases)."""
    from forms.intake.documents import document_slots

    replaces_eform = bool(page.declaration_steps)
    return [
        AttachmentInput(slot=slot.key, label=slot.name, name=f"{slot.name[:60]}.pdf", file=upload(content=content))
        for slot in document_slots(procedure=page.procedure, form_page=page, replaces_eform=replaces_eform)
        if slot.required
    ]


def dossier_make(*, page: SubmissionFormPage | None = None, received: bool = True, received_at=None, **overrides):
    """Submit a complete dossier through the service; ``received`` (default) has an officer receive it.

    States: ``received=False`` leaves it "Chờ tiếp nhận" as the citizen sent it; otherwise it is
    received (Mẫu 01) at ``received_at`` (now when None), which is also when it was sent.
    """
    page = page or form_page_make()
    kwargs = {
        "form_page": page,
        "applicant": applicant_make(),
        "answers": {"child_name": "Nguyễn Thị Bình"},
        "snapshot": [{"step": "nguoi-nop", "title": "Người nộp hồ sơ", "rows": [["Họ tên", "Nguyễn Văn An"]]}],
        "attachments": attachments_for(page),
        "delivery_method": "counter",
        "submitted_at": received_at,
    }
    kwargs.update(overrides)
    dossier = dossier_submit(**kwargs)
    if received and dossier.status == DossierStatus.AWAITING_RECEPTION:
        dossier_transition(
            dossier=dossier, to_status=DossierStatus.RECEIVED, actor=receiving_officer(), now=received_at
        )
    return dossier


def tracking_open(client, dossier) -> None:
    """Pass the tracking page's phone check for ``dossier`` in ``client``'s session."""
    response = client.post(f"/tra-cuu-ho-so/{dossier.access_token}/xac-minh/", {"phone": dossier.applicant_phone})
    assert response.status_code == 302, response.status_code


def receiving_officer():
    """The officer who receives factory dossiers (a member of the counter's group)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username="tiep-nhan").first()
    return user or staff_make("tiep-nhan", OFFICERS)


OFFICERS = "Bộ phận Một cửa"
LEADERS = "Lãnh đạo Bộ phận Một cửa"


def staff_make(username: str, *groups: str, password: str = "mat-khau-thu"):
    """A user in the named groups (made by migrations: officers, leaders, Wagtail's Editors)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username, password=password, first_name="Minh", last_name="Trần Văn", email=f"{username}@xa.example"
    )
    if not Group.objects.filter(name__in=groups).count() == len(groups):
        back_office_groups_ensure()
    user.groups.add(*(Group.objects.get(name=name) for name in groups))
    return user


def commune_staff_make(username: str, site, base_group: str, *, password: str = "mat-khau-thu"):
    """A user in a copy of ``base_group`` (a group the migrations made) that works for ``site`` only
    (issue #17: the group is linked to the commune by ``CommuneStaffGroup``)."""
    from django.contrib.auth.models import Group

    from cms.models import CommuneStaffGroup

    back_office_groups_ensure()
    group, created = Group.objects.get_or_create(name=f"{base_group} – {site.hostname}")
    if created:
        group.permissions.set(Group.objects.get(name=base_group).permissions.all())
        CommuneStaffGroup.objects.create(group=group, site=site)
    user = staff_make(username, password=password)
    user.groups.add(group)
    return user


def back_office_groups_ensure() -> None:
    """Recreate the groups forms migration 0002 made; a transactional test's flush drops them."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("forms.migrations.0002_dossier_back_office")
    migration.create_groups(apps, None)
    importlib.import_module("forms.migrations.0016_reconcile_payment_permission").grant(apps, None)
