"""Template tags of the default theme: main navigation and query-string helpers.

The navigation is built from fixed URLs rather than from the page tree so that rendering the
header costs no SQL query on any page.
"""

from dataclasses import dataclass

from django import template
from django.http import QueryDict

from cms.blocks import CHANNEL_CHOICES
from cms.text import unit_name_case

register = template.Library()


@dataclass(frozen=True)
class NavItem:
    """One entry of the main navigation."""

    label: str
    url: str
    # Path prefixes of the section the entry leads to, for aria-current.
    prefixes: tuple[str, ...] = ()


DIRECTORY_URL = "/thu-tuc-hanh-chinh/"
# The SubmissionFormIndexPage: the procedures that have a form on this portal. The directory
# filtered by online mode would list every procedure the national portal takes online, most of
# which cannot be submitted here.
SUBMISSION_FORMS_URL = "/nop-ho-so-truc-tuyen/"
ONE_STOP_URL = "/bo-phan-mot-cua/"
CONTACT_URL = "/lien-he/"

MAIN_NAVIGATION = (
    NavItem("Trang chủ", "/"),
    NavItem("Thủ tục hành chính", DIRECTORY_URL, (DIRECTORY_URL,)),
    # The wizard's own routes (draft resume, address data) live under /nop-ho-so/.
    NavItem("Nộp hồ sơ trực tuyến", SUBMISSION_FORMS_URL, (SUBMISSION_FORMS_URL, "/nop-ho-so/")),
    NavItem("Tra cứu hồ sơ", "/tra-cuu-ho-so/", ("/tra-cuu-ho-so/",)),
    NavItem("Tin tức", "/tin-tuc/", ("/tin-tuc/",)),
    # The standard pages the demo makes (cms/demo/texts.py); the footer links them too.
    NavItem("Bộ phận Một cửa", ONE_STOP_URL, (ONE_STOP_URL,)),
    NavItem("Liên hệ", CONTACT_URL, (CONTACT_URL,)),
)


def _current_label(request) -> str | None:
    if request is None:
        return None
    path = request.path
    if path == "/":
        return "Trang chủ"
    for item in MAIN_NAVIGATION:
        if any(path.startswith(prefix) for prefix in item.prefixes):
            return item.label
    return None


@register.simple_tag(takes_context=True)
def main_navigation(context) -> list[dict]:
    """Return the navigation entries, marking the one of the section being viewed."""
    current = _current_label(context.get("request"))
    return [{"label": item.label, "url": item.url, "current": item.label == current} for item in MAIN_NAVIGATION]


@register.simple_tag(takes_context=True)
def query_replace(context, **params) -> str:
    """Return the current query string with ``params`` replaced (e.g. the page number)."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in params.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


_CHANNEL_LABELS = dict(CHANNEL_CHOICES)


@register.filter
def channel_label(kind: str) -> str:
    """The Vietnamese name of a channel kind of ``ChannelBlock`` ("online" → "Trực tuyến")."""
    return _CHANNEL_LABELS.get(kind, kind)


@register.filter
def unit_name(name) -> str:
    """A name of an agency or unit standing on its own: "Công an cấp Xã" → "Công an cấp xã"."""
    return unit_name_case(str(name))


@register.filter
def unit_name_in_sentence(name) -> str:
    """A unit's name written inside a sentence: "Xã Hàm Chính" → "xã Hàm Chính"."""
    return unit_name_case(str(name), in_sentence=True)


@register.simple_tag(takes_context=True)
def dashboard_title(context, site_name: str, root_site=None) -> str:
    """The admin home's title: the portal of the commune the user works for (issue #17)."""
    from cms.communes import staff_dashboard_title

    return staff_dashboard_title(context["request"].user, root_site=root_site, default=site_name)


@register.simple_tag
def breadcrumb_trail(page) -> list:
    """The ancestors of ``page`` from the site's home page down, without a query when served.

    Wagtail's routing caches each parent on the child it loads (``_cached_parent_obj``), so walking
    ``get_parent()`` up to the home page (depth 2) reuses the pages the request already fetched.
    """
    trail = []
    node = page
    while node is not None and node.depth > 2:
        node = node.get_parent()
        if node is not None and node.depth >= 2:
            trail.append(node)
    trail.reverse()
    return trail


@register.filter
def distinct(items) -> list:
    """``items`` without repeats, in their order: one form template may serve two required documents."""
    seen = set()
    result = []
    for item in items:
        key = getattr(item, "pk", item)
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


@register.simple_tag(takes_context=True)
def on_search_page(context) -> bool:
    """Whether the search page (/tra-cuu/) is being rendered: it has its own box with suggestions."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name == "search:page"
