"""The lifecycle's rules as plain functions (Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP), pinned.

Who may make each move, which audit-log action each move writes, how the history names who acted,
the notes' limit and the public links: every expected value written out here. Most tests need no
database, so the mutation run (``make mutate``) can select them instead of the slower 162-case
matrix of ``test_dossier_transition.py`` that checks the same table through ``dossier_transition``.
"""

from types import SimpleNamespace

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from forms.lifecycle.services import (
    _log_action_for,
    actor_label,
    clean_note,
    dossier_transition,
    public_url,
    transition_allowed,
)
from forms.models import DossierStatus
from tests.forms import factories as f

S = DossierStatus
OFFICER, CITIZEN, BOTH = "officer", "citizen", "both"
# The one-stop rules, written out again (test_dossier_transition.py has the same table): every
# pair not listed is refused to everybody.
MOVES = {
    ("awaiting_reception", "received"): OFFICER,
    ("awaiting_reception", "completion_requested"): OFFICER,
    ("awaiting_reception", "not_received"): OFFICER,
    ("completion_requested", "awaiting_reception"): CITIZEN,
    ("completion_requested", "received"): OFFICER,
    ("completion_requested", "not_received"): OFFICER,
    ("received", "processing"): OFFICER,
    ("received", "supplement_requested"): OFFICER,
    ("received", "refused"): OFFICER,
    ("processing", "supplement_requested"): OFFICER,
    ("processing", "result_ready"): OFFICER,
    ("processing", "refused"): OFFICER,
    ("supplement_requested", "processing"): BOTH,
    ("supplement_requested", "refused"): OFFICER,
    ("result_ready", "returned"): OFFICER,
}
STATUSES = [
    "awaiting_reception",
    "completion_requested",
    "not_received",
    "received",
    "processing",
    "supplement_requested",
    "result_ready",
    "returned",
    "refused",
]


@pytest.mark.parametrize("from_status", STATUSES)
def test_who_may_make_each_move(from_status):
    officer = [to for to in STATUSES if transition_allowed(from_status=from_status, to_status=to, by_citizen=False)]
    citizen = [to for to in STATUSES if transition_allowed(from_status=from_status, to_status=to, by_citizen=True)]
    assert officer == [to for to in STATUSES if MOVES.get((from_status, to)) in (OFFICER, BOTH)]
    assert citizen == [to for to in STATUSES if MOVES.get((from_status, to)) in (CITIZEN, BOTH)]


# Each allowed move → the Wagtail audit-log action it writes (the officer's, then the citizen's).
LOG_ACTIONS = [
    ("awaiting_reception", "received", False, "forms.dossier.receive"),
    ("awaiting_reception", "completion_requested", False, "forms.dossier.request_completion"),
    ("awaiting_reception", "not_received", False, "forms.dossier.not_receive"),
    ("completion_requested", "received", False, "forms.dossier.receive"),
    ("completion_requested", "not_received", False, "forms.dossier.not_receive"),
    ("received", "processing", False, "forms.dossier.accept"),
    ("received", "supplement_requested", False, "forms.dossier.request_supplement"),
    ("received", "refused", False, "forms.dossier.refuse"),
    ("processing", "supplement_requested", False, "forms.dossier.request_supplement"),
    ("processing", "result_ready", False, "forms.dossier.record_result"),
    ("processing", "refused", False, "forms.dossier.refuse"),
    ("supplement_requested", "processing", False, "forms.dossier.resume"),
    ("supplement_requested", "refused", False, "forms.dossier.refuse"),
    ("result_ready", "returned", False, "forms.dossier.return"),
    ("completion_requested", "awaiting_reception", True, "forms.dossier.complete"),
    ("supplement_requested", "processing", True, "forms.dossier.supplement"),
]


@pytest.mark.parametrize(("from_status", "to_status", "by_citizen", "action"), LOG_ACTIONS)
def test_each_move_writes_its_audit_action(from_status, to_status, by_citizen, action):
    assert _log_action_for(from_status=S(from_status), to_status=S(to_status), by_citizen=by_citizen) == action


def test_the_history_names_the_officer_in_vietnamese_order_or_the_citizen():
    User = get_user_model()
    assert actor_label(None) == "Người nộp hồ sơ"
    # A visitor who is not signed in is the citizen too (an AnonymousUser's username is empty).
    assert actor_label(AnonymousUser()) == "Người nộp hồ sơ"
    assert actor_label(User(username="canbo", first_name="Minh", last_name="Trần Văn")) == "Trần Văn Minh"
    assert actor_label(User(username="canbo", first_name="", last_name="")) == "canbo"
    assert actor_label(User(username="canbo", first_name="Minh", last_name="")) == "Minh"
    assert actor_label(SimpleNamespace(name="máy")) == "namespace(name='máy')"  # anything else: its str()


@pytest.mark.parametrize(
    ("note", "kept"),
    [
        (None, ""),
        ("", ""),
        ("  Thiếu tờ khai \n", "Thiếu tờ khai"),
        ("x" * 2000, "x" * 2000),
        (" " + "x" * 2000 + " ", "x" * 2000),
    ],
)
def test_notes_are_trimmed_and_kept_up_to_2000_characters(note, kept):
    assert clean_note(note) == kept


def test_a_note_over_2000_characters_is_refused_with_its_length():
    with pytest.raises(ValidationError) as caught:
        clean_note("x" * 2001)
    assert caught.value.code == "note_too_long"
    assert caught.value.messages == ["Ghi chú dài 2001 ký tự; hãy rút gọn trong 2000 ký tự."]


# -- with a database ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_public_links_use_the_communes_host_or_the_admin_base_url(settings, two_communes):
    settings.WAGTAILADMIN_BASE_URL = "https://quan-tri.example/"
    assert public_url("/tra-cuu-ho-so/") == "http://localhost/tra-cuu-ho-so/"
    assert public_url("/tra-cuu-ho-so/", site=two_communes.b) == "http://hamthuanbac.test/tra-cuu-ho-so/"
    two_communes.a.delete()  # no default site left (an installation being set up)
    two_communes.b.delete()
    assert public_url("/tra-cuu-ho-so/") == "https://quan-tri.example/tra-cuu-ho-so/"


@pytest.fixture
def officer(db):
    return f.staff_make("canbo", f.OFFICERS)


def in_status(status: str):
    from forms.models import Dossier

    dossier = f.dossier_make(
        page=f.form_page_make(), received=status not in ("awaiting_reception", "completion_requested")
    )
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    dossier.refresh_from_db()
    return dossier


def refusal(**kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        dossier_transition(**kwargs)
    return caught.value


@pytest.mark.django_db
def test_a_move_outside_the_table_is_refused_naming_both_statuses(home, officer):
    error = refusal(dossier=in_status("returned"), to_status="processing", actor=officer, note="Lý do")
    assert error.code == "invalid_transition"
    assert error.messages == ["Không thể chuyển hồ sơ từ “Đã trả kết quả” sang “Đang giải quyết”."]


@pytest.mark.django_db
def test_an_officers_move_is_refused_to_the_citizen_and_the_citizens_to_the_officer(home, officer):
    from forms.files.services import AttachmentInput

    supplement = [AttachmentInput(slot="", label="Giấy tờ", name="cccd.png", file=f.upload(content=f.png_bytes()))]
    error = refusal(dossier=in_status("received"), to_status="processing", actor=None, attachments=supplement)
    assert (error.code, error.messages) == (
        "not_allowed",
        ["Người nộp hồ sơ chỉ có thể bổ sung giấy tờ khi được yêu cầu."],
    )
    error = refusal(dossier=in_status("completion_requested"), to_status="awaiting_reception", actor=officer)
    assert (error.code, error.messages) == ("citizen_only", ["Chỉ người nộp hồ sơ mới bổ sung giấy tờ theo yêu cầu."])
