"""Content changes that must drop the anonymous page cache (see ``cms.cache``).

Publishing and unpublishing reach the cache through Wagtail's frontend cache app; this module
covers what that app does not: moves, deletions, direct saves of live pages (the importer, the
shell), and the settings, snippets, documents, images, sites and view restrictions that many pages
depend on.
"""

from django.db.models.signals import post_delete, post_save

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from cms.cache import page_cache_clear
from cms.models import Agency, Audience, LocalProcedure, LocalProcedureFee, Sector

# A commune's local fields (issue #17) change what its directory, home, search and pages show.
SHARED_CONTENT = (
    Site,
    PageViewRestriction,
    BaseSiteSetting,
    Sector,
    Agency,
    Audience,
    AbstractDocument,
    AbstractImage,
    LocalProcedure,
    LocalProcedureFee,
)
# Saves that only keep an editor's draft in step leave the live page as it was.
DRAFT_ONLY_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "draft_title",
    "locked",
    "locked_at",
    "locked_by",
}


def _content_saved(sender, instance, update_fields=None, **kwargs):
    if isinstance(instance, Page):
        if update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS:
            return
        page_cache_clear(reason=f"page {instance.pk} saved")
    elif isinstance(instance, SHARED_CONTENT):
        page_cache_clear(reason=f"{type(instance).__name__} {instance.pk} saved")


def _content_deleted(sender, instance, **kwargs):
    if isinstance(instance, (Page, *SHARED_CONTENT)):
        page_cache_clear(reason=f"{type(instance).__name__} {instance.pk} deleted")


def _page_moved(sender, instance, **kwargs):
    page_cache_clear(reason=f"page {instance.pk} moved")


def connect() -> None:
    post_save.connect(_content_saved, dispatch_uid="cms.cache.saved")
    post_delete.connect(_content_deleted, dispatch_uid="cms.cache.deleted")
    post_page_move.connect(_page_moved, dispatch_uid="cms.cache.moved")
