"""Imported steps ("Trình tự thực hiện") read as numbered steps, not one block of text."""

from pathlib import Path

from bs4 import BeautifulSoup

from cms.blocks import numbered_steps
from cms.importer import parse_steps, read_records
from tests import factories

DATA = Path(__file__).parent / "data"


def _record(code: str) -> dict:
    return next(raw for raw in read_records(DATA / "catalogue_sample.jsonl") if raw["ma_thu_tuc"] == code)


def _values(code: str) -> list[dict]:
    return [{"title": s.title, "description": s.description} for s in parse_steps(_record(code)["trinh_tu_thuc_hien"])]


def test_one_untitled_text_of_dash_lines_becomes_numbered_steps():
    # Đăng ký khai sinh lưu động: the catalogue gives its steps as "- " lines in one text.
    steps, note = numbered_steps(_values("1.003583"))

    assert len(steps) == 4
    assert steps[0]["description"].startswith("Công chức tư pháp - hộ tịch cấp xã được giao nhiệm vụ")
    assert "\nTại địa điểm đăng ký hộ tịch lưu động" in steps[0]["description"]
    assert steps[1]["description"].startswith("Sau khi tiếp nhận đủ hồ sơ")
    assert steps[3]["description"].startswith("Trường hợp người yêu cầu không biết chữ")
    assert note.startswith("* Lưu ý:")
    assert not any(step["description"].startswith("-") for step in steps)


def test_titled_steps_are_kept_as_they_are():
    values = _values("1.002755")

    steps, note = numbered_steps(values)

    assert steps == [{"title": v["title"], "description": v["description"].strip()} for v in values]
    assert note == ""


def test_a_single_paragraph_stays_one_step():
    steps, note = numbered_steps([{"title": "", "description": "Nộp hồ sơ tại Bộ phận Một cửa.\n- Nhận kết quả."}])

    assert steps == [{"title": "", "description": "Nộp hồ sơ tại Bộ phận Một cửa.\n- Nhận kết quả."}]
    assert note == ""


def test_procedure_page_numbers_the_steps(client, procedure_index):
    description = (
        "- Nộp hồ sơ.\n- Công chức kiểm tra hồ sơ.\nGhi vào sổ.\n- Trả kết quả.\n* Lưu ý: mang theo giấy tờ tùy thân."
    )
    page = factories.procedure_make(parent=procedure_index, steps=0)
    page.steps = [("step", {"title": "", "description": description})]
    page.save_revision().publish()

    html = client.get(page.url).content.decode()

    section = BeautifulSoup(html, "html.parser").select_one("#trinh-tu-thuc-hien")
    items = [li.get_text(" ", strip=True) for li in section.select("ol.steps > li")]
    assert items == ["Nộp hồ sơ.", "Công chức kiểm tra hồ sơ. Ghi vào sổ.", "Trả kết quả."]
    assert section.select_one(".steps__note").get_text(strip=True) == "* Lưu ý: mang theo giấy tờ tùy thân."
