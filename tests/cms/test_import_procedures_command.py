"""python manage.py import_procedures, end to end on real files."""

import io
import os
import time
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command

from cms.models import ProcedureIndexPage, ProcedurePage
from tests import factories

DATA = Path(__file__).parent / "data"
CAP_XA = (
    Path(os.environ.get("TTHC_DATA_DIR", Path(__file__).resolve().parents[3] / "shared/data/tthc")) / "cap_xa.jsonl"
)


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command("import_procedures", *[str(a) for a in args], stdout=out)
    return out.getvalue().splitlines()


def test_imports_a_jsonl_file_and_reports_skips(procedure_index, tmp_path):
    lines = (DATA / "catalogue_sample.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    path = tmp_path / "small.jsonl"
    path.write_text("\n".join([lines[0], "{không phải json", lines[1], '{"ma_thu_tuc": "1.2"}', lines[2]]) + "\n")

    output = run(path)

    assert output == [
        "Bỏ qua dòng 2: dòng không phải JSON hợp lệ (Expecting property name enclosed in double quotes)",
        "Bỏ qua dòng 4, mã 1.2: mã thủ tục «1.2» không đúng dạng 1.001193",
        "Đã tạo: 3, cập nhật: 0, không đổi: 0, bỏ qua: 2",
    ]
    assert ProcedurePage.objects.live().child_of(procedure_index).count() == 3
    assert run(path)[-1] == "Đã tạo: 0, cập nhật: 0, không đổi: 3, bỏ qua: 2"


def test_imports_a_real_xlsx_export_then_the_richer_jsonl(procedure_index):
    assert run(DATA / "toa-an-nhan-dan.xlsx") == ["Đã tạo: 3, cập nhật: 0, không đổi: 0, bỏ qua: 0"]
    assert run(DATA / "toa_an.jsonl") == ["Đã tạo: 0, cập nhật: 3, không đổi: 0, bỏ qua: 0"]
    # The export lists other agencies than the crawl: they are updated, the rest is kept.
    assert run(DATA / "toa-an-nhan-dan.xlsx") == ["Đã tạo: 0, cập nhật: 3, không đổi: 0, bỏ qua: 0"]
    page = ProcedurePage.objects.get(code="3.000164")
    assert page.required_documents.count() == 2 and page.online_mode == "partial"
    assert page.agencies.count() == 3


def test_several_paths_and_an_explicit_parent(home, tmp_path):
    first = factories.procedure_index_make(home=home)
    second = home.add_child(instance=ProcedureIndexPage(title="Thủ tục cấp tỉnh", slug="thu-tuc-cap-tinh"))

    output = run(DATA / "toa_an.jsonl", DATA / "toa-an-nhan-dan.xlsx", "--parent", "thu-tuc-cap-tinh")

    assert output == ["Đã tạo: 3, cập nhật: 3, không đổi: 0, bỏ qua: 0"]
    assert ProcedurePage.objects.child_of(second).count() == 3
    assert ProcedurePage.objects.child_of(first).count() == 0


def test_without_a_directory_page_the_command_says_what_to_do(db):
    with pytest.raises(CommandError, match="Chưa có trang danh mục thủ tục hành chính.*load_demo"):
        run(DATA / "toa_an.jsonl")


def test_unknown_parent_and_missing_file_are_refused(procedure_index, tmp_path):
    with pytest.raises(CommandError, match="Không có trang danh mục thủ tục nào có đường dẫn «khong-co»"):
        run(DATA / "toa_an.jsonl", "--parent", "khong-co")
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        run(tmp_path / "khong-co.jsonl")
    bad = tmp_path / "danh-sach.csv"
    bad.write_text("x")
    with pytest.raises(CommandError, match="chỉ hỗ trợ .jsonl, .jsonl.gz và .xlsx"):
        run(bad)


@pytest.mark.slow
@pytest.mark.skipif(not CAP_XA.exists(), reason="the national catalogue data (cap_xa.jsonl) is not present")
def test_full_commune_catalogue_imports_and_reimports_without_duplicates(procedure_index):
    started = time.monotonic()
    first = run(CAP_XA)
    took = time.monotonic() - started

    assert ProcedurePage.objects.live().child_of(procedure_index).count() >= 580
    assert first[-1].startswith("Đã tạo: 588,")
    second = run(CAP_XA)
    assert second[-1] == "Đã tạo: 0, cập nhật: 0, không đổi: 588, bỏ qua: 0"
    assert ProcedurePage.objects.count() == 588
    print(f"cap_xa.jsonl: first import {took:.1f} s")
