"""Reads of the intake: which procedure and which submission form serve a request.

Province scale (issue #17): editor-built forms are shared like the catalogue. The default
commune's forms index (``shared_form_index``) holds the shared forms; any other commune may build
its own under its own index. On commune B a procedure uses B's own live form when B has one, else
the shared one, else the standard flow; B's forms index lists both, B's own winning per procedure.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Length

from wagtail.models import Page, Site

from cms.models import ProcedurePage
from forms.models import SubmissionFormIndexPage, SubmissionFormPage

# The fields a form page needs to be linked (``get_url_parts``) and named.
FORM_LINK_FIELDS = ("id", "url_path", "title", "path", "depth", "slug", "procedure_id", "live")


@dataclass(frozen=True)
class FormIndexPlace:
    """Where a commune's forms index is: its page id, tree path and URL path below the home page."""

    index_id: int
    path: str
    directory_path: str  # "/nop-ho-so-truc-tuyen/"


def _form_index_place(site: Site) -> FormIndexPlace | str:
    index = (
        SubmissionFormIndexPage.objects.filter(path__startswith=site.root_page.path, depth=site.root_page.depth + 1)
        .order_by("path")
        .only("id", "path", "url_path")
        .first()
    )
    if index is None:
        return ""  # kept in the memo (None would not be)
    root_url_path = site.root_page.url_path
    return FormIndexPlace(index_id=index.pk, path=index.path, directory_path=index.url_path[len(root_url_path) - 1 :])


def commune_form_index(site: Site | None) -> FormIndexPlace | None:
    """The forms index of commune ``site`` (None: it has none), kept until content changes."""
    from cms.cache import generation_memo

    if site is None:
        return None
    found = generation_memo(("form-index", site.pk), lambda: _form_index_place(site))
    return found or None


def _shared_form_index_load() -> FormIndexPlace | str:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return _form_index_place(site) if site is not None else ""


def shared_form_index() -> FormIndexPlace | None:
    """The forms index whose forms every commune offers: the default site's (kept until content changes)."""
    from cms.cache import generation_memo

    return generation_memo(("shared-form-index",), _shared_form_index_load) or None


def _commune_form(procedure_id: int, site: Site) -> tuple:
    # One query: the procedure's live forms below the commune's home or the default commune's
    # home (a forms index is a child of a home page, its forms its children), with both homes'
    # paths and whether the commune has a forms index of its own.
    own_root = Page.objects.filter(pk=site.root_page_id)
    default_root = Page.objects.filter(sites_rooted_here__is_default_site=True)
    candidates = (
        SubmissionFormPage.objects.live()
        .filter(procedure_id=procedure_id)
        .annotate(
            own_path=Subquery(own_root.values("path")[:1]),
            shared_path=Subquery(default_root.values("path")[:1]),
            own_index=Exists(
                SubmissionFormIndexPage.objects.filter(
                    path__startswith=OuterRef("own_path"), depth=Length(OuterRef("own_path")) / Page.steplen + 1
                )
            ),
        )
        .filter(Q(path__startswith=F("own_path")) | Q(path__startswith=F("shared_path")))
        .order_by("path")
        .only(*FORM_LINK_FIELDS)
    )
    own = shared = None
    for page in candidates:
        if own is None and page.path.startswith(page.own_path):
            own = page
        elif shared is None and page.own_index and page.path.startswith(page.shared_path):
            shared = page
    return (own or shared,)


def submission_form_for_procedure(*, procedure, site: Site | None = None) -> SubmissionFormPage | None:
    """The live online form of ``procedure`` (None when there is none).

    With ``site`` (issue #17): that commune's own form for it, else the shared one (the default
    commune's), never another commune's own; kept per commune until content changes. Without:
    the first live form in the tree, as on a single commune.

    No ``.public()``: it costs a query of its own, and a privacy-restricted form page still
    enforces its restriction when served.
    """
    if site is not None:
        from cms.cache import generation_memo

        return generation_memo(("procedure-form", site.pk, procedure.pk), lambda: _commune_form(procedure.pk, site))[0]
    return (
        SubmissionFormPage.objects.live()
        .filter(procedure_id=procedure.pk)
        .order_by("path")
        .only(*FORM_LINK_FIELDS)
        .first()
    )


def commune_form_pages(*, index_page: SubmissionFormIndexPage, site: Site | None) -> list[SubmissionFormPage]:
    """The forms listed on ``index_page`` for commune ``site``: its own live forms and the shared ones
    (issue #17) for procedures it has no form of its own for and carries out; by title."""
    from cms.selectors import commune_catalogue, public_only, vietnamese_sort_key

    own = list(public_only(SubmissionFormPage.objects.live()).child_of(index_page).select_related("procedure"))
    shared = shared_form_index()
    forms = own
    if shared is not None and shared.index_id != index_page.pk:
        taken = {page.procedure_id for page in own}
        catalogue = commune_catalogue(site)
        forms += [
            page
            for page in public_only(SubmissionFormPage.objects.live())
            .filter(path__startswith=shared.path, depth=len(shared.path) // SubmissionFormPage.steplen + 1)
            .select_related("procedure")
            if page.procedure_id not in taken and (catalogue is None or catalogue.carries_out(page.procedure_id))
        ]
    return sorted(forms, key=lambda page: vietnamese_sort_key(page.title))


def procedure_by_code(*, code: str) -> ProcedurePage | None:
    """The live procedure with catalogue code ``code`` ("1.001193"), or None."""
    if not code or len(code) > 32:
        return None
    return ProcedurePage.objects.live().filter(code=code).first()
