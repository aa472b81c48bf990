"""Find English user-facing text in admin HTML and e-mails.

What a person reads or hears: text nodes (``<template>`` content included, it is shown later) and
the attributes screen readers and tooltips speak. A piece of text is English when it holds a
word of ``ENGLISH_WORDS``: common English words that are not Vietnamese written without
diacritics ("to", "do", "an", "in", "con", "ban", "so" … are left out for that reason).
``ALLOWED`` holds legitimate tokens: brand names, file formats, codes.
"""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser

ENGLISH_WORDS = frozenset(
    """
    about above account action actions active add added after again all already and any application
    are as at available back be been before below by cancel cannot change changed changes check checks choose
    chosen clear click close collapse comment comments compare confirm content copy create created
    current cut date default delete deleted description details disable document documents download
    drag draft edit edited editing editor email empty enable error everything expand expired
    expiry field file filter filters find first for from go has have help here hide history home
    if image images into is it item items its just keyboard last latest least less link live loading lock
    locked log login logout make manage matching message minutes moderation monospace month more most move must
    my name new next not notification notifications now of off older on one only open options or
    order other our out owner page pages parent password permission permissions please preview
    previous private privacy profile public publish published publishing read recent referenced
    remove rename report reports required reset restore results revision revisions root save saved
    schedule scheduled screen search section see select selected settings share shortcut shortcuts show
    showing site size slug snippet
    snippets sort start status submit submitted task tasks that the their there these this
    time times title to today type unlock unpublish unpublished until up update updated upload
    uploaded usage use used user username users version view was we were what when which will with
    workflow workflows year yes you your
    """.split()
) - {"to"}

# Words that are not English here: brand names, formats, units and codes.
ALLOWED = frozenset(
    """
    wagtail django pdf docx doc xlsx xls csv odt ods rtf zip png jpg jpeg gif webp svg avif heic
    url html rss qr api id ok vneid zalo email gmail napas vietqr
    """.split()
)

# Attributes whose text is read out or shown: tooltips, screen-reader labels, placeholders.
SPOKEN_ATTRIBUTES = frozenset(
    {
        "title",
        "aria-label",
        "aria-description",
        "aria-roledescription",
        "placeholder",
        "alt",
        "data-w-tooltip-content-value",
        "data-w-confirm-message-value",
        "data-w-progress-active-value",
    }
)
SKIPPED_ELEMENTS = frozenset({"script", "style", "svg", "code", "pre", "textarea"})
WORD = re.compile(r"[A-Za-z]+")
URL = re.compile(r"https?://\S+")


def english_words(text: str) -> list[str]:
    """The English words of ``text``, lower case, allowed tokens left out."""
    return [
        word.lower()
        for word in WORD.findall(URL.sub(" ", text))
        if word.lower() in ENGLISH_WORDS and word.lower() not in ALLOWED and len(word) > 1
    ]


# Codes, not sentences: time zone names in the account form ("America/New_York"), slugs
# ("cap-so-bhxh-the-bhyt") and file names ("to-khai-dang-ky-khai-tu_XpL6at6.docx": Django's suffix
# for a name already taken may hold "at", "is" or "on").
CODE = re.compile(r"^(?:[A-Z][A-Za-z_-]+(?:/[A-Za-z0-9_+-]+)+|[a-z0-9]+(?:-[a-z0-9]+)+|[\w-]+\.[a-z0-9]{2,5})$")


def is_english(text: str) -> bool:
    return not CODE.match(text) and bool(english_words(text))


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_ELEMENTS:
            self._skipping.append(tag)
        attributes = dict(attrs)
        for name, value in attributes.items():
            if value and name in SPOKEN_ATTRIBUTES:
                self.pieces.append(value)
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.pieces.append(attributes["value"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SKIPPED_ELEMENTS:
            self._skipping.pop()

    def handle_endtag(self, tag):
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.pieces.append(" ".join(data.split()))


def _json_texts(html: str) -> list[str]:
    """Texts Wagtail ships as JSON: sidebar menu labels, the strings of its scripts (bulk actions),
    and the labels and help texts of StreamField blocks."""
    texts: list[str] = []

    def walk(node, keys):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and (keys is None or key in keys):
                    texts.append(value)
                walk(value, keys)
        elif isinstance(node, list):
            for item in node:
                if isinstance(item, str) and keys is None:
                    texts.append(item)
                walk(item, keys)

    sidebar = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    if sidebar:
        walk(json.loads(sidebar.group(1)), {"label"})
    config = re.search(r'<script id="wagtail-config" type="application/json">(.*?)</script>', html, re.S)
    if config:
        walk(json.loads(config.group(1)).get("STRINGS", {}), None)
    for data in re.findall(r'data-w-block-data-value="([^"]*)"', html):
        walk(json.loads(unescape(data)), {"label", "helpText"})
    return texts


def visible_texts(html: str) -> list[str]:
    """Every piece of text a person reads or hears on the page."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return collector.pieces + _json_texts(html)


def english_texts(html: str) -> list[str]:
    """The pieces of ``visible_texts`` that are English."""
    return [text for text in visible_texts(html) if is_english(text)]
