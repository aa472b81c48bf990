"""Admin registrations of the cms app."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.models import Agency, Audience, Sector


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
