"""Which commune a dossier belongs to, and that commune's settings (issue #17, many communes).

Every dossier is made for one commune (``Dossier.site``): the request's when a citizen submits, the
officer's at the counter. Whatever prints, pays, tells or counts about a dossier reads that
commune's ``CommuneSettings`` (name, committee, address, hotline, bank account, code prefix,
retention period), never the settings of the host the page happens to be asked on. Dossiers made
before communes existed have no site: they belong to the default site, as the migration that
added the field assigned them.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Site

from cms.models import CommuneSettings


def default_site() -> Site | None:
    """The installation's default site (the first commune), or None on an empty database."""
    return Site.objects.filter(is_default_site=True).first()


def site_commune_settings(site: Site | None) -> CommuneSettings:
    """``CommuneSettings`` of ``site`` (of the default site when None; unsaved defaults without any site)."""
    site = site or default_site()
    return CommuneSettings.for_site(site) if site else CommuneSettings()


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
    committee = settings.committee_name.strip()
    default_committee = CommuneSettings._meta.get_field("committee_name").get_default()
    name = settings.commune_name.strip()
    if (not committee or committee == default_committee) and name and name != "Xã":
        committee = f"Ủy ban nhân dân {name[:1].lower()}{name[1:]}"
    return CommuneContact(
        name=name,
        committee=committee,
        address=settings.address.strip(),
        hotline=settings.hotline.strip(),
        email=settings.email.strip(),
        root_url=site.root_url if site else "",
    )


def dossier_contact(dossier) -> CommuneContact:
    """The contact of the commune handling ``dossier``: printed on its pages whatever the host."""
    return site_contact(dossier_site(dossier))
