import pytest

from tests.accounts import factories as af


@pytest.fixture
def citizen(db):
    return af.citizen_make(phone="0912345678", email="an@example.vn")


@pytest.fixture
def other_citizen(db):
    return af.citizen_make(phone="0987654321", email="binh@example.vn")
