"""Demo step: the two outreach articles under /tin-tuc/."""

from __future__ import annotations

from cms.demo import texts
from cms.demo.base import DemoContext
from cms.demo.site import child_by_slug
from cms.models import ArticlePage


def build_articles(context: DemoContext) -> None:
    """Create each article whose slug is missing, with its date, lead, body and tags, and publish it."""
    for data in texts.ARTICLES:
        if child_by_slug(context.article_index, ArticlePage, data["slug"]) is not None:
            continue
        fields = {key: value for key, value in data.items() if key != "tags"}
        article = ArticlePage(**fields)
        article.tags.add(*data["tags"])
        context.article_index.add_child(instance=article)
        article.save_revision().publish()
        context.count("tin bài mới")
