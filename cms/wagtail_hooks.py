"""Admin registrations of the cms app, the hook that lets page types opt into the page cache, and
the revision comparison of yes/no fields in Vietnamese."""

from django.db import models
from django.utils.html import escape

from wagtail import hooks
from wagtail.admin.compare import FieldComparison, TextDiff, register_comparison_class
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.cache import cache_anonymous
from cms.models import Agency, Audience, Sector


@hooks.register("on_serve_page")
def mark_cacheable_pages(serve):
    """Responses of page types with ``cache_anonymous = True`` may be stored by ``cms.cache``."""

    def inner(page, request, args, kwargs):
        response = serve(page, request, args, kwargs)
        if getattr(page, "cache_anonymous", False):
            cache_anonymous(response)
        return response

    return inner


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "folder-open-inverse"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "group"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "user"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class CatalogueGroup(SnippetViewSetGroup):
    menu_label = "Danh mục thủ tục"
    menu_icon = "list-ul"
    items = (SectorViewSet, AgencyViewSet, AudienceViewSet)


register_snippet(CatalogueGroup)


class YesNoComparison(FieldComparison):
    """A yes/no field in the revision comparison as "Có" / "Không" instead of Python's True / False."""

    @staticmethod
    def _label(value) -> str:
        return "Có" if value else "Không"

    def htmldiff(self):
        before, after = self._label(self.val_a), self._label(self.val_b)
        if before != after:
            return TextDiff([("deletion", before), ("addition", after)]).to_html()
        return escape(before)


register_comparison_class(models.BooleanField, comparison_class=YesNoComparison)
