"""The list of a dossier's papers (Mẫu 01 … 05, postal papers) with download links."""

from django import template
from django.urls import reverse

from forms.communes import CommuneContact, dossier_contact
from forms.papers.selectors import dossier_papers

register = template.Library()


@register.simple_tag
def dossier_commune(dossier) -> CommuneContact:
    """``{% dossier_commune dossier as commune %}``: the commune handling ``dossier`` (issue #17), its
    name, counter, address and hotline, whatever commune's host the page is asked on."""
    return dossier_contact(dossier)


@register.inclusion_tag("forms/includes/dossier_papers.html", takes_context=True)
def dossier_paper_links(context, dossier, staff: bool = False):
    """``{% dossier_paper_links dossier %}`` on the tracking page (links by token);
    ``{% dossier_paper_links dossier staff=True %}`` in the back office (links checked by permission)."""
    links = []
    for paper in dossier_papers(dossier):
        if staff:
            url = reverse("forms:dossier_paper_staff", kwargs={"pk": dossier.pk, "form": paper.slug})
        else:
            url = reverse("forms:dossier_paper", kwargs={"token": dossier.access_token, "form": paper.slug})
        links.append({"title": paper.title, "url": url, "slug": paper.slug})
    return {
        "dossier": dossier,
        "papers": links,
        "received": dossier.is_received,
        # The papers go by post to the commune handling the dossier, not to the host's.
        "commune": dossier_contact(dossier),
    }
