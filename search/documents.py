"""Turn a procedure page into the :class:`~search.types.IndexDocument` every backend indexes."""

from __future__ import annotations

from django.utils.html import strip_tags

from cms.models import ArticlePage, ProcedurePage
from search.aliases import procedure_aliases
from search.types import ArticleIndexDocument, IndexDocument


def _stream_text(stream, keys: tuple[str, ...]) -> list[str]:
    parts = []
    for block in stream or []:
        value = block.value
        parts += [str(value.get(key) or "") for key in keys]
    return parts


def _block_text(value) -> list[str]:
    """The words of a StreamField block value: rich text without tags, strings, nested values."""
    if hasattr(value, "source"):  # RichText
        return [strip_tags(value.source)]
    if isinstance(value, str):
        return [strip_tags(value)]
    if hasattr(value, "items"):  # StructValue
        return [text for item in value.values() for text in _block_text(item)]
    if isinstance(value, list | tuple) or hasattr(value, "raw_data"):  # ListValue, StreamValue
        return [text for item in value for text in _block_text(getattr(item, "value", item))]
    return []


def _site_id(page) -> int | None:
    """The commune (Wagtail Site) whose home page ``page`` is below: its articles are searched
    on its host only (issue #17)."""
    from wagtail.models import Site

    for site_id, root_path, *_ in Site.get_site_root_paths():
        if page.url_path.startswith(root_path):
            return site_id
    return None


def article_document(page: ArticlePage) -> ArticleIndexDocument:
    """Return the Elasticsearch document of ``page`` (the specific ArticlePage)."""
    owner = page.owner
    return ArticleIndexDocument(
        page_id=page.pk,
        title=page.title,
        url=page.get_url() or page.url_path,
        lead=page.lead,
        body="\n".join(text for block in page.body or [] for text in _block_text(block.value) if text.strip()),
        date=page.date.isoformat() if page.date else "",
        tags=tuple(sorted(tag.name for tag in page.tags.all())),
        owner=(owner.get_full_name() or owner.get_username()) if owner else "",
        site_id=_site_id(page),
    )


def procedure_document(page: ProcedurePage) -> IndexDocument:
    """Return the index document of ``page`` (which must be the specific ProcedurePage), with the
    everyday phrases ``data/aliases.tsv`` keeps for its code."""
    agencies = tuple((a.slug, a.name) for a in page.agencies.all())
    audiences = tuple((a.slug, a.name) for a in page.audiences.all())
    documents = [doc.name for doc in page.required_documents.all()]
    body_parts = [
        page.summary,
        page.procedure_type,
        page.conditions,
        page.result,
        page.fees,
        page.processing_time,
        page.receiving_address,
        *[name for _, name in agencies],
        *[name for _, name in audiences],
        *documents,
        *_stream_text(page.steps, ("title", "description")),
        *_stream_text(page.channels, ("description",)),
        *_stream_text(page.legal_basis, ("title", "number")),
    ]
    excerpt = page.summary or " ".join(p for p in (page.result, page.conditions, *documents) if p)
    sector = page.sector
    return IndexDocument(
        page_id=page.pk,
        code=page.code,
        title=page.title,
        url=page.get_url() or page.url_path,
        sector=sector.name if sector else "",
        sector_slug=sector.slug if sector else "",
        agencies=agencies,
        audiences=audiences,
        online_mode=page.online_mode,
        postal_submission=page.postal_submission,
        postal_return=page.postal_return,
        excerpt_source=excerpt,
        body="\n".join(p for p in body_parts if p),
        aliases=procedure_aliases(page.code),
    )


def _slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text.replace("đ", "d").replace("Đ", "D"))[:90]


def record_document(data, *, page_id: int, url: str) -> IndexDocument:
    """Return the index document of a parsed catalogue record (``cms.importer.ProcedureData``).

    Used by the benchmark to fill the index at a scale where creating pages would take hours;
    the text is assembled from the same parts as :func:`procedure_document`.
    """
    documents = [d.name for d in data.documents]
    body_parts = [
        data.procedure_type,
        data.conditions,
        data.result,
        data.fees,
        data.processing_time,
        data.receiving_address,
        *data.agency_names,
        *data.audience_names,
        *documents,
        *[part for step in data.steps for part in (step.title, step.description)],
        *[channel.description for channel in data.channels],
        *[part for legal in data.legal_basis for part in (legal.title, legal.number)],
    ]
    return IndexDocument(
        page_id=page_id,
        code=data.code,
        title=data.title,
        url=url,
        sector=data.sector_name,
        sector_slug=_slug(data.sector_name) if data.sector_name else "",
        agencies=tuple((_slug(name), name) for name in data.agency_names),
        audiences=tuple((_slug(name), name) for name in data.audience_names),
        online_mode=data.online_mode,
        postal_submission=data.postal_submission,
        postal_return=data.postal_return,
        excerpt_source=" ".join(p for p in (data.result, data.conditions, *documents) if p),
        body="\n".join(p for p in body_parts if p),
        aliases=procedure_aliases(data.code),
    )
