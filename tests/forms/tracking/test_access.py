"""The tracking link shows status, timeline and appointment; personal data and files need the phone.

Decree 13/2023/NĐ-CP (personal data protection): the link travels on paper and in e-mails, so it
alone never opens the applicant's details, the officers' notes, the files or the papers.
"""

import pytest

from forms.lifecycle.services import dossier_transition
from forms.models import DossierStatus
from tests.forms import factories as f

pytestmark = pytest.mark.django_db

PERSONAL = ("Nguyễn Văn An", "001090012345", "0912345678", "an@example.vn", "Nguyễn Thị Bình", "Tràng Tiền")


@pytest.fixture
def dossier(home):
    return f.dossier_make(delivery_method="post", delivery_address=f.ADDRESS)


def url(dossier, rest: str = "") -> str:
    return f"/tra-cuu-ho-so/{dossier.access_token}/{rest}"


def test_the_link_alone_shows_status_timeline_and_appointment_only(client, dossier):
    response = client.get(url(dossier))
    html = response.content.decode()
    assert response.status_code == 200
    assert dossier.code in html and "Đã tiếp nhận" in html and dossier.due_date.strftime("%d/%m/%Y") in html
    assert "Quá trình giải quyết" in html
    for value in PERSONAL:
        assert value not in html, value
    attachment = dossier.attachments.first()
    assert url(dossier, f"tep/{attachment.pk}/") not in html and attachment.original_name not in html
    assert "giay-to/mau-01.pdf" not in html
    assert 'action="/tra-cuu-ho-so/' in html and "Số điện thoại đã khai khi nộp" in html


def test_the_phone_opens_the_personal_data_for_this_session(client, dossier):
    wrong = client.post(url(dossier, "xac-minh/"), {"phone": "0987654321"})
    assert wrong.status_code == 403
    assert "Số điện thoại không khớp với số đã khai khi nộp hồ sơ." in wrong.content.decode()
    assert "Nguyễn Văn An" not in wrong.content.decode()

    right = client.post(url(dossier, "xac-minh/"), {"phone": "+84 912 345 678"})
    assert right.status_code == 302 and right["Location"] == url(dossier)
    html = client.get(url(dossier)).content.decode()
    assert "Nguyễn Văn An" in html and "Số 1 Tràng Tiền" in html
    assert url(dossier, f"tep/{dossier.attachments.first().pk}/") in html
    assert url(dossier, "giay-to/mau-01.pdf") in html

    client.cookies.clear()  # another browser holding the same link
    assert "Nguyễn Văn An" not in client.get(url(dossier)).content.decode()


def test_a_malformed_phone_is_explained_and_costs_nothing(client, dossier, settings):
    settings.FORMS_TRACKING_TARGET_LIMIT = 1
    response = client.post(url(dossier, "xac-minh/"), {"phone": "abc"})
    assert response.status_code == 400
    assert "Số điện thoại di động không hợp lệ" in response.content.decode()
    assert client.post(url(dossier, "xac-minh/"), {"phone": dossier.applicant_phone}).status_code == 302


def test_opening_one_dossier_does_not_open_another(client, dossier):
    other = f.dossier_make()  # the same phone number, another dossier
    f.tracking_open(client, dossier)
    assert client.get(url(other)).context["access_granted"] is False
    assert client.get(url(other, f"tep/{other.attachments.first().pk}/")).status_code == 302


def test_files_and_papers_send_to_the_check_and_come_back(client, dossier):
    attachment = dossier.attachments.first()
    for path in (f"tep/{attachment.pk}/", "giay-to/mau-01.pdf", "giay-tiep-nhan.pdf", "giay-to/mau-05.pdf"):
        response = client.get(url(dossier, path))
        assert response.status_code == 302, path
        assert response["Location"].startswith(url(dossier) + "?tiep=") and response["Location"].endswith("#xac-minh")
    gate = client.get(url(dossier), {"tiep": url(dossier, "giay-to/mau-01.pdf")})
    assert f'value="{url(dossier, "giay-to/mau-01.pdf")}"' in gate.content.decode()
    back = client.post(url(dossier, "xac-minh/"), {"phone": "0912345678", "next": url(dossier, "giay-to/mau-01.pdf")})
    assert back["Location"] == url(dossier, "giay-to/mau-01.pdf")
    assert client.get(back["Location"])["Content-Type"] == "application/pdf"
    assert client.get(url(dossier, f"tep/{attachment.pk}/")).status_code == 200


@pytest.mark.parametrize("target", ["https://example.com/", "//example.com/x", "/tai-khoan/", "/tra-cuu-ho-so/khac/"])
def test_the_way_back_stays_on_this_dossier(client, dossier, target):
    response = client.post(url(dossier, "xac-minh/"), {"phone": "0912345678", "next": target})
    assert response.status_code == 302 and response["Location"] == url(dossier)


def test_the_signed_in_owner_sees_everything_and_another_account_nothing(client, dossier, django_user_model):
    owner = django_user_model.objects.create_user("chu-ho-so", password="x")
    stranger = django_user_model.objects.create_user("nguoi-khac", password="x")
    dossier.owner = owner
    dossier.save(update_fields=["owner"])
    client.force_login(stranger)
    assert client.get(url(dossier)).context["access_granted"] is False
    assert client.get(url(dossier, "giay-to/mau-01.pdf")).status_code == 302
    client.force_login(owner)
    html = client.get(url(dossier)).content.decode()
    assert "Nguyễn Văn An" in html
    assert client.get(url(dossier, "giay-to/mau-01.pdf")).status_code == 200


def test_no_supplement_upload_without_the_phone(client, dossier, django_user_model):
    dossier_transition(
        dossier=dossier,
        to_status=DossierStatus.SUPPLEMENT_REQUESTED,
        actor=django_user_model.objects.create_user("cb"),
        note="Thiếu bản chụp CCCD",
    )
    files_before = dossier.attachments.count()
    response = client.post(url(dossier), {"note": "", "file_0": f.upload(name="cccd.pdf")})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED and dossier.attachments.count() == files_before


def test_officers_notes_are_hidden_until_the_phone_check(client, dossier, django_user_model):
    dossier_transition(
        dossier=dossier,
        to_status=DossierStatus.PROCESSING,
        actor=django_user_model.objects.create_user("cb"),
        note="Đã đối chiếu giấy chứng sinh của bà Trần Thị Mai",
    )
    assert "Trần Thị Mai" not in client.get(url(dossier)).content.decode()
    f.tracking_open(client, dossier)
    assert "Trần Thị Mai" in client.get(url(dossier)).content.decode()


def test_the_confirmation_page_elsewhere_hides_the_applicant(client, dossier):
    html = client.get(url(dossier, "da-nop/")).content.decode()
    assert dossier.code in html
    for value in ("Nguyễn Văn An", "an@example.vn", "Tràng Tiền"):
        assert value not in html, value
    f.tracking_open(client, dossier)
    html = client.get(url(dossier, "da-nop/")).content.decode()
    assert "Nguyễn Văn An" in html and "an@example.vn" in html


class _Visitor:
    """A request as the access services see it: a session (a plain dict) and a user."""

    def __init__(self, user=None):
        self.session = {}
        self.user = user


def test_the_session_remembers_the_latest_twenty_dossiers_once_each():
    """SESSION_MAX is 20: the 21st dossier opened drops the oldest; reopening one moves it last."""
    from types import SimpleNamespace

    from forms.tracking.access import SESSION_KEY, dossier_access_granted, dossier_access_remember

    visitor = _Visitor()
    for pk in range(1, 22):
        dossier_access_remember(visitor, dossier=SimpleNamespace(pk=pk))
    assert visitor.session[SESSION_KEY] == list(range(2, 22))
    dossier_access_remember(visitor, dossier=SimpleNamespace(pk=5))
    assert visitor.session[SESSION_KEY] == [2, 3, 4, *range(6, 22), 5]
    assert not dossier_access_granted(visitor, dossier=SimpleNamespace(pk=1, owner_id=None))
    assert dossier_access_granted(visitor, dossier=SimpleNamespace(pk=2, owner_id=None))


def test_ownership_needs_a_signed_in_owner():
    from types import SimpleNamespace

    from forms.tracking.access import dossier_access_granted

    owner = SimpleNamespace(is_authenticated=True, pk=7)
    dossier = SimpleNamespace(pk=1, owner_id=7)
    assert dossier_access_granted(_Visitor(owner), dossier=dossier)
    assert not dossier_access_granted(_Visitor(SimpleNamespace(is_authenticated=True, pk=8)), dossier=dossier)
    # An anonymous user whose pk happened to match is not the owner.
    assert not dossier_access_granted(_Visitor(SimpleNamespace(is_authenticated=False, pk=7)), dossier=dossier)
    assert not dossier_access_granted(_Visitor(None), dossier=dossier)
    # A request that went through no authentication middleware has no user at all.
    assert not dossier_access_granted(SimpleNamespace(session={}), dossier=dossier)


def test_the_phone_check_spends_the_tracking_budget_of_the_dossier_code(dossier, settings):
    """Wrong phones count against scope "tracking" and the dossier's code, shared with the code lookup."""
    from django.test import RequestFactory

    from forms.tracking.access import AccessRefused, dossier_access_by_phone
    from forms.tracking.ratelimit import limit_exceeded

    settings.REDIS_URL = None
    settings.FORMS_TRACKING_RATE_LIMIT = 10
    settings.FORMS_TRACKING_RATE_WINDOW = 600
    settings.FORMS_TRACKING_TARGET_LIMIT = 2
    settings.FORMS_TRACKING_TARGET_WINDOW = 3600

    def visitor(address):
        request = RequestFactory().post("/", REMOTE_ADDR=address)
        request.session = {}
        return request

    for phone in ("0900000000", ""):
        with pytest.raises(AccessRefused) as caught:
            dossier_access_by_phone(visitor("10.0.0.1"), dossier=dossier, phone=phone)
        assert caught.value.limited is False
        assert str(caught.value) == "wrong phone"
    elsewhere = visitor("10.0.0.3")
    assert limit_exceeded(elsewhere, scope="tracking", target=dossier.code)
    assert not limit_exceeded(elsewhere, scope="tracking", target="another-code")
    # The right phone from another address is now refused too, as limited.
    with pytest.raises(AccessRefused) as caught:
        dossier_access_by_phone(visitor("10.0.0.2"), dossier=dossier, phone="0912345678")
    assert caught.value.limited is True
    assert str(caught.value) == "limited"
