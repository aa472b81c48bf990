"""How the history names who acted (forms.lifecycle.services.actor_label)."""

from django.contrib.auth.models import AnonymousUser, User

from forms.lifecycle.services import actor_label


def test_the_citizen_the_officer_and_a_system_actor_are_named():
    assert actor_label(None) == "Người nộp hồ sơ"
    # A request's visitor who is not signed in is the citizen too (it has no name fields).
    assert actor_label(AnonymousUser()) == "Người nộp hồ sơ"
    assert actor_label(User(username="canbo", first_name="Minh", last_name="Trần Văn")) == "Trần Văn Minh"
    assert actor_label(User(username="canbo")) == "canbo"
    assert actor_label("Hệ thống") == "Hệ thống"
