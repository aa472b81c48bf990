"""The contact of a commune (``forms.communes.site_contact``), printed on the pages of its dossiers."""

import pytest

from cms.models import CommuneSettings
from forms.communes import site_contact

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("commune_name", "committee_name", "committee", "counter"),
    [
        (
            "Đặc khu Phú Quý",
            "Ủy ban nhân dân xã",
            "Ủy ban nhân dân đặc khu Phú Quý",
            "Bộ phận Một cửa – Ủy ban nhân dân đặc khu Phú Quý",
        ),
        (
            "Phường Tiến Thành",
            "",
            "Ủy ban nhân dân phường Tiến Thành",
            "Bộ phận Một cửa – Ủy ban nhân dân phường Tiến Thành",
        ),
        ("Xã Hàm Liêm", "UBND xã Hàm Liêm", "UBND xã Hàm Liêm", "Bộ phận Một cửa – UBND xã Hàm Liêm"),
        ("Xã", "Ủy ban nhân dân xã", "Ủy ban nhân dân xã", "Bộ phận Một cửa – Ủy ban nhân dân xã"),
    ],
)
def test_the_contact_names_the_committee_of_the_commune(two_communes, commune_name, committee_name, committee, counter):
    settings = CommuneSettings.for_site(two_communes.b)
    settings.commune_name, settings.committee_name = commune_name, committee_name
    settings.save()

    contact = site_contact(two_communes.b)

    assert (contact.name, contact.committee, contact.counter) == (commune_name, committee, counter)


def test_the_contact_of_no_site_is_the_default_communes(two_communes):
    settings = CommuneSettings.for_site(two_communes.a)
    settings.committee_name = "Ủy ban nhân dân xã"
    settings.save()

    contact = site_contact(None)

    assert (contact.name, contact.committee) == ("Xã Hàm Liêm", "Ủy ban nhân dân xã Hàm Liêm")
