"""Which commune a dossier belongs to, its settings, and the dossiers a staff member may see (issue #17).

A dossier belongs to the commune (Wagtail ``Site``) it was submitted to, ``Dossier.site``: the
request's when a citizen submits, the officer's at the counter. One without a site was made before
communes existed: it belongs to the default site, as forms migration 0017 decided for the dossiers
it found. Whatever prints, pays, tells or counts about a dossier reads that commune's
``CommuneSettings`` (name, committee, address, hotline, bank account, code prefix, retention
period), never the settings of the host the page happens to be asked on.

Staff see the dossiers of the communes they work for (``cms.communes.staff_site_ids``); the
province's read-only group and superusers see every commune. A dossier of another commune is "not
found" (404), never "forbidden" (403): a commune's officer cannot even learn that a dossier code
exists elsewhere by trying addresses.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404

from wagtail.models import Site

from cms.communes import staff_site_ids, user_sees_all_communes
from cms.models import CommuneSettings
from forms.models import Dossier

# -- the commune of a dossier and its settings ------------------------------------------------


def default_site() -> Site | None:
    """The installation's default site (the first commune), or None on an empty database."""
    return Site.objects.filter(is_default_site=True).first()


def site_commune_settings(site: Site | None) -> CommuneSettings:
    """``CommuneSettings`` of ``site`` (of the default site when None; unsaved defaults without any site)."""
    site = site or default_site()
    return CommuneSettings.for_site(site) if site else CommuneSettings()


def site_dossier_code_prefix(site: Site | None) -> str:
    """The prefix of commune ``site``'s dossier codes: its official unit code ("23098"), else "HS"."""
    return site_commune_settings(site).commune_code.strip() or "HS"


def dossier_site(dossier) -> Site | None:
    """The commune (Site) ``dossier`` belongs to: its own, else the default site."""
    if dossier.site_id:
        return dossier.site
    return default_site()


def dossier_commune_settings(dossier) -> CommuneSettings:
    """The settings of the commune ``dossier`` belongs to (not the request's host)."""
    return site_commune_settings(dossier_site(dossier))


@dataclass(frozen=True)
class CommuneContact:
    """What a citizen reads about the commune handling a dossier: its name, counter and contacts."""

    name: str
    committee: str
    address: str
    hotline: str
    email: str
    root_url: str

    @property
    def counter(self) -> str:
        return f"Bộ phận Một cửa – {self.committee}" if self.committee else "Bộ phận Một cửa"

    @property
    def named(self) -> bool:
        """Whether the settings name the commune (not the bare default "Xã" of a fresh installation)."""
        default = CommuneSettings._meta.get_field("commune_name").get_default()
        return bool(self.name) and self.name != default


def site_contact(site: Site | None) -> CommuneContact:
    """The contact of the commune ``site`` (the default site when None)."""
    site = site or default_site()
    settings = site_commune_settings(site)
    return CommuneContact(
        name=settings.commune_name.strip(),
        committee=settings.committee,
        address=settings.address.strip(),
        hotline=settings.hotline.strip(),
        email=settings.email.strip(),
        root_url=site.root_url if site else "",
    )


def dossier_contact(dossier) -> CommuneContact:
    """The contact of the commune handling ``dossier``: printed on its pages whatever the host."""
    return site_contact(dossier_site(dossier))


# -- what staff may see ----------------------------------------------------------------------------


def default_site_id() -> int | None:
    """The default site's id: the commune of dossiers and statements that name none."""
    return Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()


def _default_site_id_for(user) -> int | None:
    # Asked for every row of a list (dossiers without a site): once per request's user.
    if not hasattr(user, "_default_site_id"):
        user._default_site_id = default_site_id()
    return user._default_site_id


def site_condition(site_ids, *, field: str = "site", default_id: int | None = None) -> Q:
    """Rows whose ``field`` is one of ``site_ids``; rows with no site count for the default site."""
    site_ids = set(site_ids)
    condition = Q(**{f"{field}__in": site_ids})
    default_id = default_site_id() if default_id is None else default_id
    if default_id in site_ids:
        condition |= Q(**{f"{field}__isnull": True})
    return condition


def dossiers_for_staff(queryset: QuerySet[Dossier], user, *, field: str = "site") -> QuerySet[Dossier]:
    """``queryset`` limited to the communes ``user`` works for (every commune for the province)."""
    site_ids = staff_site_ids(user)
    if site_ids is None:
        return queryset
    if not site_ids:
        return queryset.none()
    return queryset.filter(site_condition(site_ids, field=field, default_id=_default_site_id_for(user)))


def dossiers_of_site(queryset: QuerySet[Dossier], site_id: int | None) -> QuerySet[Dossier]:
    """``queryset`` limited to the dossiers of one commune (``None``: the default site)."""
    site_id = site_id or default_site_id()
    return queryset.filter(site_condition({site_id}))


def record_site_id(record) -> int | None:
    """The commune of a dossier or a bank statement: its ``site_id``, else the default site."""
    return getattr(record, "site_id", None) or default_site_id()


def user_sees_record(user, record) -> bool:
    """Whether ``user`` works for the commune of ``record`` (a dossier or a bank statement)."""
    site_ids = staff_site_ids(user)
    if site_ids is None:
        return True
    return (getattr(record, "site_id", None) or _default_site_id_for(user)) in site_ids


def dossier_for_staff_or_404(user, pk: int, *, queryset: QuerySet[Dossier] | None = None) -> Dossier:
    """The dossier ``pk`` if ``user`` works for its commune; 404 otherwise, as for a missing one."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    dossier = queryset.filter(pk=pk).first()
    if dossier is None or not user_sees_record(user, dossier):
        raise Http404("Không tìm thấy hồ sơ.")
    return dossier


def staff_communes(user) -> list[Site]:
    """The communes ``user`` works for, by name (every commune for the province and superusers)."""
    site_ids = staff_site_ids(user)
    sites = Site.objects.all() if site_ids is None else Site.objects.filter(pk__in=site_ids)
    names = commune_names()
    for site in sites:
        site.commune_name = names.get(site.pk, site.hostname)
    return sorted(sites, key=lambda site: (not site.is_default_site, site.commune_name))


def user_sees_several_communes(user) -> bool:
    """Whether ``user`` sees dossiers of more than one commune (the list then shows a "Xã" column)."""
    # Asked for every cell of the list (wagtail-modeladmin reads the columns again): once per user.
    cached = getattr(user, "_sees_several_communes", None)
    if cached is None:
        site_ids = staff_site_ids(user)
        if site_ids is None:
            cached = user_sees_all_communes(user) and Site.objects.count() > 1
        else:
            cached = len(site_ids) > 1
        user._sees_several_communes = cached
    return cached


def commune_names() -> dict[int, str]:
    """Site id → the commune's name from its settings (the site's name when the settings have none)."""
    from cms.models import CommuneSettings

    names = {site.pk: site.site_name or site.hostname for site in Site.objects.all()}
    for site_id, name in CommuneSettings.objects.values_list("site_id", "commune_name"):
        if name:
            names[site_id] = name
    default_id = default_site_id()
    if default_id in names:
        names[None] = names[default_id]
    return names


def commune_name_subquery() -> Coalesce:
    """An annotation of a dossier's commune name (the default site's for a dossier without a site)."""
    from cms.models import CommuneSettings

    names = CommuneSettings.objects.values("commune_name")
    own = Subquery(names.filter(site_id=OuterRef("site_id"))[:1])
    default = Subquery(names.filter(site__is_default_site=True)[:1])
    return Coalesce(Case(When(site__isnull=True, then=default), default=own), Value(""))


def commune_name(site: Site | None) -> str:
    """The name of one commune (its settings' ``commune_name``), for lists and choices."""
    if site is None:
        return ""
    return commune_names().get(site.pk, site.site_name or site.hostname)
