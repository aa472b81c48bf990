"""Reads about accounts: which citizen owns a phone number; the citizen's dossiers and
what to do next, drafts, saved documents, prefill.

Every read of a citizen's things is keyed on the signed-in user: nothing takes a bare primary key
or token without the owner, so no citizen reaches another's dossiers, drafts or files by changing
an address.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.template.defaultfilters import date as date_format
from django.utils import timezone

from wagtail.models import Site

from accounts.models import CitizenProfile, SavedDocument
from forms.communes import default_site, dossier_site, site_commune_settings
from forms.intake.fields import commune_choices, province_choices
from forms.models import AttachmentKind, DeliveryMethod, Dossier, DossierAttachment, DossierStatus, Draft
from search.analysis import fold


def user_by_phone(*, phone: str) -> AbstractBaseUser | None:
    """The account whose profile has this mobile number (national form), if any."""
    profile = CitizenProfile.objects.select_related("user").filter(phone=phone).first()
    return profile.user if profile else None


def profile_phone(*, user: AbstractBaseUser) -> tuple[str, bool] | None:
    """The account's mobile number and whether it was proved with a code, or None."""
    if not user.pk:
        return None
    row = CitizenProfile.objects.filter(user=user).values_list("phone", "phone_verified").first()
    if not row or not row[0]:
        return None
    return row[0], row[1]


# The citizen's answer is awaited in these statuses (Mẫu 02 before reception; a supplement during processing).
ANSWER_AWAITED = (DossierStatus.COMPLETION_REQUESTED, DossierStatus.SUPPLEMENT_REQUESTED)


# What a list needs not: the answers as submitted are read on the dossier's own page.
LIST_DEFERRED = ("applicant", "answers", "snapshot", "delivery_address")


def citizen_dossiers(*, user) -> QuerySet[Dossier]:
    """The citizen's dossiers, newest first, with their electronic result files (``result_files``) and rating."""
    results = DossierAttachment.objects.filter(kind=AttachmentKind.RESULT).order_by("created_at", "pk")
    return (
        Dossier.objects.filter(owner=user)
        .select_related("rating", "site")
        .defer(*LIST_DEFERRED)
        .prefetch_related(Prefetch("attachments", queryset=results, to_attr="result_files"))
        .order_by("-submitted_at", "-pk")
    )


def citizen_dossier(*, user, pk: int) -> Dossier | None:
    """One of the citizen's dossiers by its number, or None (also when it belongs to someone else)."""
    return Dossier.objects.filter(owner=user, pk=pk).first()


def citizen_attachment(*, user, dossier_pk: int, pk: int) -> DossierAttachment | None:
    """A file of one of the citizen's dossiers, or None (never another citizen's)."""
    return DossierAttachment.objects.filter(dossier__owner=user, dossier_id=dossier_pk, pk=pk).first()


def dossier_answer_request(*, dossier: Dossier):
    """The counter's message the citizen is to answer now (the event that set the current status), or None."""
    if dossier.status not in ANSWER_AWAITED:
        return None
    return dossier.events.filter(to_status=dossier.status).order_by("-created_at", "-pk").first()


def _counter_place(site=None) -> str:
    """Where the result is handed over: the counter of commune ``site`` (the default site when None)."""
    site = site or default_site()
    if site is None:
        return "Bộ phận Một cửa"
    commune = site_commune_settings(site)
    place = f"Bộ phận Một cửa {commune.committee_name}".strip() if commune.committee_name else "Bộ phận Một cửa"
    return f"{place}, {commune.address}" if commune.address else place


def dossier_next_action(*, dossier: Dossier, request_event=None, counter_place: str | None = None) -> str:
    """What happens next for ``dossier``, in the citizen's words (Decree 61/2018/NĐ-CP's one-stop steps)."""
    status = dossier.status
    due = date_format(dossier.due_date, "d/m/Y") if dossier.due_date else ""
    if status == DossierStatus.AWAITING_RECEPTION:
        if dossier.channel == "post" and not dossier.postal_item_code:
            return "Chờ tiếp nhận: gửi bộ hồ sơ giấy qua bưu chính công ích; cán bộ kiểm tra khi nhận được."
        return "Chờ tiếp nhận: Bộ phận Một cửa đang kiểm tra hồ sơ."
    if status in ANSWER_AWAITED:
        asked = request_event.created_at if request_event else None
        since = f" (yêu cầu ngày {date_format(timezone.localtime(asked), 'd/m/Y')})" if asked else ""
        if status == DossierStatus.COMPLETION_REQUESTED:
            return f"Cần bổ sung, hoàn thiện giấy tờ để được tiếp nhận{since}."
        return f"Cần bổ sung giấy tờ{since}; thời hạn giải quyết tạm dừng đến khi nhận đủ."
    if status in (DossierStatus.RECEIVED, DossierStatus.PROCESSING):
        return f"Đang giải quyết, hẹn trả kết quả ngày {due}." if due else "Đang giải quyết."
    if status == DossierStatus.RESULT_READY:
        if dossier.delivery_method == DeliveryMethod.POST:
            return "Đã có kết quả: kết quả được gửi qua bưu chính công ích đến địa chỉ đã đăng ký."
        place = counter_place if counter_place is not None else _counter_place(dossier_site(dossier))
        return f"Nhận kết quả tại {place}; mang theo giấy tờ tùy thân."
    if status == DossierStatus.RETURNED:
        return "Đã trả kết quả."
    if status == DossierStatus.NOT_RECEIVED:
        return "Hồ sơ không được tiếp nhận; xem lý do trong quá trình giải quyết."
    return "Hồ sơ bị từ chối giải quyết; xem lý do trong quá trình giải quyết."


@dataclass(frozen=True)
class DossierRow:
    """One line of "Hồ sơ của tôi": the dossier, what to do next, and the counter's request if any."""

    dossier: Dossier
    next_action: str
    request_event: object | None
    # The commune's name, only when the citizen's dossiers belong to more than one (issue #17).
    commune_name: str = ""

    @property
    def awaits_answer(self) -> bool:
        return self.dossier.status in ANSWER_AWAITED


def citizen_dossier_rows(*, user) -> list[DossierRow]:
    """The citizen's dossiers of every commune of the province (issue #17), ready to list.

    Each has its next action in words, the counter being that of the dossier's own commune; when
    the dossiers belong to more than one commune each row also names its commune.
    """
    dossiers = list(citizen_dossiers(user=user))
    fallback = default_site()
    sites = {dossier.site_id or (fallback.pk if fallback else None): dossier_site(dossier) for dossier in dossiers}
    places = {site_id: _counter_place(site) for site_id, site in sites.items()}
    names = {}
    if len(sites) > 1:
        names = {site_id: site_commune_settings(site).commune_name for site_id, site in sites.items()}
    rows = []
    for dossier in dossiers:
        site_id = dossier.site_id or (fallback.pk if fallback else None)
        event = dossier_answer_request(dossier=dossier)
        rows.append(
            DossierRow(
                dossier=dossier,
                next_action=dossier_next_action(dossier=dossier, request_event=event, counter_place=places[site_id]),
                request_event=event,
                commune_name=names.get(site_id, ""),
            )
        )
    return rows


@dataclass(frozen=True)
class DraftRow:
    """A draft to resume (its token opens it): its form's title, when it was last saved, until when it is kept."""

    token: str
    title: str
    updated_at: datetime
    expires_on: date
    # Where to resume it: on the host of the commune it was begun on (issue #17); "" for this host.
    base_url: str = ""


def citizen_drafts(*, user, current_site=None) -> list[DraftRow]:
    """The citizen's drafts not yet expired, most recently saved first.

    A draft begun on another commune's portal than ``current_site`` (the request's) is resumed on
    that commune's host (``base_url``), so its dossier goes to that commune (issue #17).

    Titles as the wizard shows them (``SubmissionFlow.title``), read in the same query: the pages
    themselves are large rows a list does not need.
    """
    days = timedelta(days=settings.FORMS_DRAFT_DAYS)
    drafts = list(
        Draft.objects.filter(owner=user, updated_at__gte=timezone.now() - days)
        .order_by("-updated_at", "-pk")
        .values("token", "updated_at", "form_page_id", "form_page__title", "procedure__title", "site_id")
    )
    sites = {site.pk: site for site in Site.objects.filter(pk__in={d["site_id"] for d in drafts if d["site_id"]})}
    rows = []
    for draft in drafts:
        if draft["form_page_id"]:
            title = draft["form_page__title"]
        elif draft["procedure__title"]:
            title = f"Nộp hồ sơ: {draft['procedure__title']}"
        else:
            continue
        expires = timezone.localdate(draft["updated_at"] + days)
        site = sites.get(draft["site_id"])
        rows.append(
            DraftRow(
                token=draft["token"],
                title=title,
                updated_at=draft["updated_at"],
                expires_on=expires,
                base_url=site.root_url if site and site.pk != getattr(current_site, "pk", None) else "",
            )
        )
    return rows


def citizen_saved_documents(*, user) -> QuerySet[SavedDocument]:
    """The citizen's saved documents, newest first."""
    return SavedDocument.objects.filter(owner=user).order_by("-created_at", "-pk")


def citizen_saved_document(*, user, pk: int) -> SavedDocument | None:
    """One of the citizen's saved documents, or None (also when it is someone else's)."""
    return SavedDocument.objects.filter(owner=user, pk=pk).first()


def _address_from_text(text: str) -> dict | None:
    """An address dict for the applicant step from the profile's one-line address, when its last parts
    name a province and one of its communes ("Số 1 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội").

    Anything else is left for the citizen to choose: a guessed province would be worse than none.
    """
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    if len(parts) < 3:
        return None
    provinces = {fold(name): code for code, name in province_choices()}
    province_code = provinces.get(fold(parts[-1]))
    if not province_code:
        return None
    communes = {fold(name): code for code, name in commune_choices(province_code)}
    commune_code = communes.get(fold(parts[-2]))
    if not commune_code:
        return None
    return {"province_code": province_code, "commune_code": commune_code, "detail": ", ".join(parts[:-2])}


def applicant_prefill(*, user) -> dict:
    """Initial values of the wizard's applicant step (the person submitting) from the citizen's account.

    Only the applicant's own fields: the person they may submit for ("Nộp thay cho người khác") and
    the declaration about them are never prefilled. Empty profile fields are left out.
    """
    profile = CitizenProfile.objects.filter(user=user).first()
    values: dict = {}
    full_name = (profile.full_name if profile else "") or user.get_full_name()
    if full_name:
        values["full_name"] = full_name
    if profile and profile.id_number:
        values["id_number"] = profile.id_number
    if profile and profile.birth_date:
        values["date_of_birth"] = profile.birth_date
    if profile and profile.phone:
        values["phone"] = profile.phone
    if user.email:
        values["email"] = user.email
    address = _address_from_text(profile.address) if profile else None
    if address:
        values["address"] = address
    return values


def dossier_rated(*, dossier: Dossier) -> bool:
    """Whether the citizen has rated ``dossier`` (its rating was selected with it)."""
    try:
        return dossier.rating is not None
    except ObjectDoesNotExist:
        return False
