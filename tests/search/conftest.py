"""Fixtures of the search tests: real catalogue records published as pages."""

import gzip
import json
from functools import cache
from pathlib import Path

import pytest

from search.evaluation import EVAL_DIR

# The 588 commune-level records of the national catalogue, kept in the repository (gzip) so a
# clone runs every search test; tests/data/tthc/SOURCES.md says where they come from.
CORPUS = Path(__file__).resolve().parents[1] / "data" / "tthc" / "cap_xa.jsonl.gz"
QUERIES = EVAL_DIR / "public.tsv"


@cache
def _raw_records() -> dict[str, dict]:
    records = {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            raw = json.loads(line)
            records[raw["ma_thu_tuc"]] = raw
    return records


def publish_records(codes, parent):
    """Publish the catalogue records with these codes as procedure pages (through the importer)."""
    from cms.importer import parse_record
    from cms.services import procedure_upsert

    return [procedure_upsert(data=parse_record(_raw_records()[code]), parent=parent)[0] for code in codes]


# Hộ tịch, Chứng thực, cư trú and căn cước records with near-identical titles: a fair ranking test.
REAL_CODES = [
    "1.001193",  # Thủ tục đăng ký khai sinh
    "1.000689",  # đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con
    "1.004884",  # đăng ký lại khai sinh
    "1.000894",  # đăng ký kết hôn
    "1.000656",  # đăng ký khai tử
    "1.004873",  # Giấy xác nhận tình trạng hôn nhân
    "2.000884",  # Chứng thực chữ ký trong các giấy tờ, văn bản
    "2.000992",  # Chứng thực chữ ký người dịch …
    "1.004194",  # Đăng ký tạm trú
    "1.004222",  # Đăng ký thường trú
    "1.014062",  # Cấp thẻ căn cước cho người dưới 14 tuổi
    "1.014061",  # Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên
]


@pytest.fixture
def real_procedures(procedure_index):
    return publish_records(REAL_CODES, procedure_index)


@pytest.fixture(scope="module")
def real_catalogue(django_db_setup, django_db_blocker):
    """The REAL_CODES pages, published once per module inside a transaction rolled back afterwards.

    Each test still runs in its own savepoint (the ``db`` fixture), so tests stay isolated, and
    no other module ever sees these pages.
    """
    from django.db import transaction

    from tests import factories

    with django_db_blocker.unblock(), transaction.atomic():
        index = factories.procedure_index_make(home=factories.home_page_make())
        yield publish_records(REAL_CODES, index)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def indexed_catalogue(django_db_setup, django_db_blocker):
    """The 588 records indexed straight from the importer's parsed data, once for a module
    (rolled back after it); returns how many were indexed."""
    from django.db import transaction

    from search.evaluation import records_index

    with django_db_blocker.unblock(), transaction.atomic():
        yield records_index(CORPUS)
        transaction.set_rollback(True)
