"""Keep the search index in step with Wagtail: publish, unpublish, move, delete, snippet renames.

Handlers only translate the event into a service call; the rules live in ``search.services``.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.models import Agency, ArticlePage, Audience, ProcedurePage, Sector
from search import services
from search.models import ProcedureIndexEntry


def _reindex_stale_descendants(page: Page) -> None:
    """Re-index live procedures below ``page`` whose stored URL no longer starts with its URL."""
    ids = list(ProcedurePage.objects.live().descendant_of(page).values_list("pk", flat=True))
    if not ids:
        return
    prefix = page.get_url() or page.url_path
    stale = ProcedureIndexEntry.objects.filter(page_id__in=ids).exclude(url__startswith=prefix)
    for procedure in ProcedurePage.objects.filter(pk__in=stale.values_list("page_id", flat=True)):
        services.procedure_index_update(page=procedure)


def on_page_published(sender, instance, **kwargs) -> None:
    page = instance.specific
    if isinstance(page, ProcedurePage):
        services.procedure_index_update(page=page)
    elif isinstance(page, ArticlePage):
        services.article_index_update(page=page)
    else:
        _reindex_stale_descendants(page)


def on_page_unpublished(sender, instance, **kwargs) -> None:
    if isinstance(instance, ProcedurePage):
        services.procedure_index_remove(page_ids=[instance.pk])
    elif isinstance(instance, ArticlePage):
        services.article_index_remove(page_ids=[instance.pk])


def on_page_moved(sender, instance, url_path_before, url_path_after, **kwargs) -> None:
    if url_path_before == url_path_after:
        return
    page = instance.specific
    if isinstance(page, ProcedurePage):
        if page.live:
            services.procedure_index_update(page=page)
    elif isinstance(page, ArticlePage):
        if page.live:
            services.article_index_update(page=page)
    else:
        _reindex_stale_descendants(page)


def on_procedure_deleted(sender, instance, **kwargs) -> None:
    services.procedure_index_remove(page_ids=[instance.pk])


def on_article_deleted(sender, instance, **kwargs) -> None:
    services.article_index_remove(page_ids=[instance.pk])


def on_snippet_saved(sender, instance, created, **kwargs) -> None:
    """A renamed sector, agency or audience changes the labels stored with its procedures."""
    if created:
        return
    indexed = ProcedureIndexEntry.objects.values_list("page_id", flat=True)
    field = {Sector: "sector", Agency: "agencies", Audience: "audiences"}[sender]
    for procedure in ProcedurePage.objects.live().filter(pk__in=indexed, **{field: instance}):
        services.procedure_index_update(page=procedure)


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="search.page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="search.page_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="search.page_moved")
    post_delete.connect(on_procedure_deleted, sender=ProcedurePage, dispatch_uid="search.procedure_deleted")
    post_delete.connect(on_article_deleted, sender=ArticlePage, dispatch_uid="search.article_deleted")
    for model in (Sector, Agency, Audience):
        post_save.connect(on_snippet_saved, sender=model, dispatch_uid=f"search.{model._meta.model_name}_saved")
