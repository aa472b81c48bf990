"""Demo step: the home page as the default site's root, the two index pages and the commune settings."""

from __future__ import annotations

import os

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, Site

from cms.demo import texts
from cms.demo.base import DemoContext
from cms.models import ArticleIndexPage, CommuneSettings, HomePage, ProcedureIndexPage

# Wagtail's first migration creates this placeholder page and points the default site at it.
WAGTAIL_WELCOME_SLUG = "home"


def publish_new_child(parent: Page, page: Page) -> Page:
    """Add ``page`` under ``parent`` and publish it through a revision, as an editor would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def child_by_slug(parent: Page, model: type[Page], slug: str) -> Page | None:
    return model.objects.child_of(parent).filter(slug=slug).first()


def _remove_wagtail_welcome_page(home: HomePage) -> bool:
    """Delete Wagtail's initial "Welcome" page once no site uses it; any other page is left alone."""
    plain_page = ContentType.objects.get_for_model(Page)
    welcome = (
        Page.objects.filter(depth=2, slug=WAGTAIL_WELCOME_SLUG, content_type=plain_page, numchild=0)
        .exclude(pk=home.pk)
        .first()
    )
    if welcome is None or Site.objects.filter(root_page=welcome).exists():
        return False
    welcome.delete()
    return True


def _ensure_home(context: DemoContext) -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title=texts.HOME["title"], slug=texts.HOME["slug"], intro=texts.HOME["intro"], body=texts.HOME["body"]
        )
        publish_new_child(Page.get_first_root_node(), home)
        context.count("trang mới")
    return home


DEMO_HOSTNAME = "127.0.0.1"


def _ensure_default_site(home: HomePage) -> Site:
    """Point the default site at the demo home, on the address ``make run`` serves.

    Links that leave the browser (the receipt's QR code, e-mails) are built from the site's root URL,
    so Wagtail's initial "localhost:80" would send a citizen's phone nowhere. A site an administrator
    gave another hostname is left alone.
    """
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname=DEMO_HOSTNAME, is_default_site=True)
    port = int(os.environ.get("PORT") or 8000)
    if (site.hostname, site.port) == ("localhost", 80) or site.hostname == DEMO_HOSTNAME:
        site.hostname, site.port = DEMO_HOSTNAME, port
    site.root_page = home
    site.site_name = site.site_name or texts.SITE_NAME
    site.save()
    return site


def _fill_settings(site: Site) -> int:
    """Fill the commune settings that are still blank or at their model default; return how many."""
    settings = CommuneSettings.for_site(site)
    filled = 0
    for name, value in texts.COMMUNE_SETTINGS.items():
        current = getattr(settings, name)
        default = CommuneSettings._meta.get_field(name).get_default()
        if current in ("", None, default) and current != value:
            setattr(settings, name, value)
            filled += 1
    if filled:
        settings.save()
    return filled


def build_site(context: DemoContext) -> None:
    """The home page as the default site's root, /thu-tuc-hanh-chinh/, /tin-tuc/ and the commune settings."""
    home = _ensure_home(context)
    context.home = home
    context.site = _ensure_default_site(home)
    if _remove_wagtail_welcome_page(home):
        context.log("Đã xóa trang “Welcome” mặc định của Wagtail.")
    if _fill_settings(context.site):
        context.count("thông tin xã đã điền")

    for attribute, model, data in (
        ("procedure_index", ProcedureIndexPage, texts.PROCEDURE_INDEX),
        ("article_index", ArticleIndexPage, texts.ARTICLE_INDEX),
    ):
        page = child_by_slug(home, model, data["slug"])
        if page is None:
            page = publish_new_child(home, model(**data))
            context.count("trang mới")
        setattr(context, attribute, page)
