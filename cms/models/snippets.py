"""Snippets shared by procedure pages: sectors, agencies and audiences."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.slugs import ascii_slug


def _unique_slug(model, text: str, pk=None) -> str:
    base = ascii_slug(text, max_length=90) or "muc"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class SlugNamedSnippet(index.Indexed, models.Model):
    """A named snippet whose ASCII slug is derived from its Vietnamese name when left blank."""

    name = models.CharField("tên", max_length=255, unique=True)
    slug = models.SlugField("đường dẫn", max_length=100, unique=True, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = _unique_slug(type(self), self.name, self.pk)
        super().save(*args, **kwargs)


class Sector(SlugNamedSnippet):
    """A field of administration (lĩnh vực), such as Hộ tịch, Chứng thực, Đất đai."""

    class Meta(SlugNamedSnippet.Meta):
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"


class Agency(SlugNamedSnippet):
    """A body that implements or decides procedures (cơ quan thực hiện)."""

    class Meta(SlugNamedSnippet.Meta):
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"


class Audience(SlugNamedSnippet):
    """Who may apply for a procedure (đối tượng thực hiện), e.g. Công dân Việt Nam."""

    class Meta(SlugNamedSnippet.Meta):
        verbose_name = "đối tượng thực hiện"
        verbose_name_plural = "đối tượng thực hiện"
