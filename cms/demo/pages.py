"""Demo step: the standard pages ("Bộ phận Một cửa", "Liên hệ") under the home page."""

from __future__ import annotations

from cms.demo import texts
from cms.demo.base import DemoContext
from cms.demo.site import child_by_slug, publish_new_child
from cms.models import StandardPage


def build_standard_pages(context: DemoContext) -> None:
    """Create each standard page whose slug is missing; an existing page keeps its editors' changes."""
    for data in texts.STANDARD_PAGES:
        if child_by_slug(context.home, StandardPage, data["slug"]) is None:
            publish_new_child(context.home, StandardPage(**data))
            context.count("trang mới")
