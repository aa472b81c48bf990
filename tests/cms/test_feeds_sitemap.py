"""The articles' RSS feed at /tin-tuc/rss.xml and the site's sitemap.xml."""

import xml.etree.ElementTree as ET

from tests import factories


def rss_items(response) -> list[dict[str, str]]:
    channel = ET.fromstring(response.content).find("channel")
    return [{child.tag: child.text for child in item} for item in channel.findall("item")]


def sitemap_locations(response) -> list[str]:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)]


def test_feed_lists_live_articles_newest_first(client, article_index):
    factories.article_make(parent=article_index, title="Tin cũ", date="2026-01-05", lead="Sa-pô tin cũ")
    factories.article_make(parent=article_index, title="Tin mới", slug="tin-moi", date="2026-02-10", lead="Sa-pô mới")
    factories.article_make(parent=article_index, title="Tin nháp", date="2026-03-01", publish=False)

    response = client.get("/tin-tuc/rss.xml")
    items = rss_items(response)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert [item["title"] for item in items] == ["Tin mới", "Tin cũ"]
    assert items[0]["description"] == "Sa-pô mới"
    assert items[0]["link"] == "http://testserver/tin-tuc/tin-moi/"
    assert items[0]["pubDate"].startswith("Tue, 10 Feb 2026 07:00:00")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.find("title").text == "Tin tức"
    assert channel.find("language").text == "vi"


def test_feed_is_linked_from_the_article_list(client, article_index):
    html = client.get("/tin-tuc/").content.decode()
    assert 'type="application/rss+xml" title="Tin tức" href="/tin-tuc/rss.xml"' in html


def test_feed_keeps_to_twenty_items(client, article_index):
    for i in range(22):
        factories.article_make(parent=article_index, title=f"Tin {i}")
    assert len(rss_items(client.get("/tin-tuc/rss.xml"))) == 20


def test_feed_only_under_an_article_list(client, article_index, procedure_index):
    assert client.get("/tin-tuc/atom.xml").status_code == 404
    assert client.get("/thu-tuc-hanh-chinh/rss.xml").status_code == 404


def test_sitemap_lists_live_pages_not_drafts(client, procedure, article_index):
    live = factories.article_make(parent=article_index, title="Tin đã đăng")
    draft = factories.article_make(parent=article_index, title="Tin nháp", publish=False)
    withdrawn = factories.procedure_make(title="Thủ tục đã gỡ")
    withdrawn.unpublish()

    response = client.get("/sitemap.xml")
    locations = sitemap_locations(response)

    assert response.status_code == 200
    assert "http://localhost/" in locations
    assert "http://localhost/thu-tuc-hanh-chinh/" in locations
    assert "http://localhost/tin-tuc/" in locations
    assert f"http://localhost{procedure.url}" in locations
    assert f"http://localhost/tin-tuc/{live.slug}/" in locations
    assert not any(draft.slug in location for location in locations)
    assert not any(withdrawn.slug in location for location in locations)
