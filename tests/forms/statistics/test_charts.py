"""Server-side bar chart geometry."""

from datetime import date

import pytest

from forms.statistics.charts import (
    LATE,
    ON_TIME,
    RECEIVED,
    ChartSeries,
    bar_chart,
    bar_chart_turned,
    nice_scale,
    number_format,
    statistics_month_chart,
    statistics_month_chart_turned,
)
from forms.statistics.selectors import DossierCounts, DossierStatistics, MonthStatistics

A = ChartSeries("a", "Tiếp nhận", "chart__bar--a")
B = ChartSeries("b", "Đúng hạn", "chart__bar--b")
C = ChartSeries("c", "Quá hạn", "chart__bar--c")


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [(0, (1, 1)), (1, (1, 1)), (5, (5, 1)), (6, (6, 2)), (7, (8, 2)), (10, (10, 2)), (11, (15, 5)), (23, (25, 5))],
)
def test_nice_scale_steps_are_1_2_or_5_times_a_power_of_ten(maximum, expected):
    assert nice_scale(maximum) == expected


@pytest.mark.parametrize("maximum", [1, 3, 9, 47, 99, 101, 999, 1234, 98765])
def test_nice_scale_covers_the_maximum_in_at_most_five_steps(maximum):
    top, step = nice_scale(maximum)
    assert top >= maximum and top % step == 0 and top / step <= 5
    assert str(step).rstrip("0") in ("1", "2", "5")
    assert top - step < maximum  # no empty step at the top


def test_number_format_uses_dots_for_thousands():
    assert number_format(0) == "0"
    assert number_format(1234567) == "1.234.567"


def chart(**overrides):
    kwargs = {
        "categories": ["01/2026", "02/2026"],
        "bars": [[A], [B, C]],
        "values": {"a": [10, 4], "b": [6, 0], "c": [2, 1]},
    }
    kwargs.update(overrides)
    return bar_chart(**kwargs)


def test_bar_heights_are_proportional_to_values_on_a_shared_axis():
    result = chart()
    plot_height = result.plot_bottom - result.plot_top
    first_received = next(r for r in result.rects if r.css_class == "chart__bar--a")
    assert first_received.height == pytest.approx(plot_height, abs=0.1)  # 10 is the axis top
    assert first_received.y + first_received.height == pytest.approx(result.plot_bottom, abs=0.1)
    heights = {r.title: r.height for r in result.rects}
    assert heights["01/2026 – Đúng hạn: 6"] == pytest.approx(plot_height * 0.6, abs=0.1)
    assert heights["02/2026 – Tiếp nhận: 4"] == pytest.approx(plot_height * 0.4, abs=0.1)


def test_stacked_segments_sit_on_each_other_and_zero_segments_are_not_drawn():
    result = chart()
    on_time, late = (r for r in result.rects if r.title.startswith("01/2026 – ") and r.css_class != "chart__bar--a")
    assert on_time.css_class == "chart__bar--b" and late.css_class == "chart__bar--c"
    assert late.y + late.height == pytest.approx(on_time.y, abs=0.1)
    assert on_time.x == late.x
    assert [r.title for r in result.rects if r.title.startswith("02/2026")] == [
        "02/2026 – Tiếp nhận: 4",
        "02/2026 – Quá hạn: 1",
    ]


def test_bars_stay_inside_the_plot_and_their_category_slot():
    result = chart(categories=[f"{m:02d}/2026" for m in range(1, 13)], values={k: [7] * 12 for k in "abc"})
    slot = (result.plot_right - result.plot_left) / 12
    for rect in result.rects:
        assert result.plot_left <= rect.x and rect.x + rect.width <= result.plot_right + 0.1
        assert result.plot_top - 0.1 <= rect.y and rect.y + rect.height <= result.plot_bottom + 0.1
        month = int(rect.title[:2]) - 1
        assert result.plot_left + month * slot <= rect.x <= result.plot_left + (month + 1) * slot
    assert [label.text for label in result.categories][0] == "01/2026"
    assert result.categories[1].x - result.categories[0].x == pytest.approx(slot, abs=0.1)


def test_totals_are_written_above_bars_that_have_one():
    result = chart()
    assert [t.text for t in result.totals] == ["10", "8", "4", "1"]
    first = result.totals[0]
    assert first.y < result.plot_top + 0.1


def test_ticks_run_from_zero_at_the_bottom_to_the_axis_top():
    result = chart()
    assert [t.label for t in result.ticks] == ["0", "2", "4", "6", "8", "10"]
    assert result.ticks[0].y == result.plot_bottom and result.ticks[-1].y == result.plot_top


def test_legend_lists_each_series_once_in_drawing_order():
    result = chart(bars=[[A], [B, C], [A]])
    assert [item.label for item in result.legend] == ["Tiếp nhận", "Đúng hạn", "Quá hạn"]
    assert [item.css_class for item in result.legend] == ["chart__bar--a", "chart__bar--b", "chart__bar--c"]


def test_an_all_zero_chart_draws_no_bars_but_keeps_an_axis():
    result = chart(values={"a": [0, 0], "b": [0, 0], "c": [0, 0]})
    assert result.rects == [] and result.totals == []
    assert [t.label for t in result.ticks] == ["0", "1"]
    assert result.view_box == "0 0 720 320"


def test_statistics_month_chart_draws_received_beside_resolved_per_month():
    stats = DossierStatistics(
        start=date(2026, 1, 1),
        end=date(2026, 3, 1),
        months=[
            MonthStatistics(date(2026, 1, 1), DossierCounts(received=5, on_time=3, late=1, in_progress=2)),
            MonthStatistics(date(2026, 2, 1), DossierCounts(received=0, on_time=0, late=2, in_progress=0)),
        ],
        sectors=[],
    )
    result = statistics_month_chart(stats)
    assert [c.text for c in result.categories] == ["01/2026", "02/2026"]
    assert [(r.css_class, r.title) for r in result.rects] == [
        (RECEIVED.css_class, "01/2026 – Tiếp nhận: 5"),
        (ON_TIME.css_class, "01/2026 – Giải quyết đúng hạn: 3"),
        (LATE.css_class, "01/2026 – Giải quyết quá hạn: 1"),
        (LATE.css_class, "02/2026 – Giải quyết quá hạn: 2"),
    ]


# The turned chart, for a phone


def turned(**overrides):
    kwargs = {
        "categories": ["02/2026", "01/2026"],
        "bars": [[A], [B, C]],
        "values": {"a": [4, 10], "b": [0, 6], "c": [1, 2]},
    }
    kwargs.update(overrides)
    return bar_chart_turned(**kwargs)


def test_turned_chart_is_a_phone_wide_and_grows_down_one_row_per_category():
    assert turned().view_box == "0 0 320 92"  # 24 above, two rows of 30, 8 below
    twelve = turned(categories=[f"{m:02d}/2026" for m in range(12, 0, -1)], values={k: [3] * 12 for k in "abc"})
    assert twelve.view_box == "0 0 320 392"
    assert [label.text for label in twelve.categories][:2] == ["12/2026", "11/2026"]
    assert twelve.categories[1].y - twelve.categories[0].y == 30


def test_turned_bars_grow_right_from_the_axis_in_proportion_on_a_shared_scale():
    result = turned()
    plot_width = result.plot_right - result.plot_left
    assert (result.plot_left, result.plot_right) == (60, 284)
    widths = {r.title: r.width for r in result.rects}
    assert widths["01/2026 – Tiếp nhận: 10"] == pytest.approx(plot_width, abs=0.1)  # 10 is the scale's end
    assert widths["01/2026 – Đúng hạn: 6"] == pytest.approx(plot_width * 0.6, abs=0.1)
    assert widths["02/2026 – Quá hạn: 1"] == pytest.approx(plot_width * 0.1, abs=0.1)
    assert all(r.x >= result.plot_left and r.x + r.width <= result.plot_right + 0.1 for r in result.rects)


def test_turned_stacked_segments_follow_each_other_in_one_row_and_zero_segments_are_not_drawn():
    result = turned()
    on_time, late = (r for r in result.rects if r.title.startswith("01/2026 – ") and r.css_class != "chart__bar--a")
    assert late.x == pytest.approx(on_time.x + on_time.width, abs=0.1)
    assert late.y == on_time.y and late.height == on_time.height
    received = next(r for r in result.rects if r.title == "01/2026 – Tiếp nhận: 10")
    assert received.y + received.height < on_time.y  # the received bar above the resolved one
    row_top = result.plot_top + 30
    assert row_top <= received.y and on_time.y + on_time.height <= row_top + 30
    assert [r.title for r in result.rects if r.title.startswith("02/2026")] == [
        "02/2026 – Tiếp nhận: 4",
        "02/2026 – Quá hạn: 1",
    ]


def test_turned_totals_follow_their_bar_and_gridlines_carry_the_scale_above_the_plot():
    result = turned()
    assert [t.text for t in result.totals] == ["4", "1", "10", "8"]
    ten = result.totals[2]
    assert ten.x == pytest.approx(result.plot_right + 4, abs=0.1) and ten.x + 2 * 7 <= result.width
    assert [line.label for line in result.gridlines] == ["0", "5", "10"]
    assert result.gridlines[0].x == result.plot_left and result.gridlines[-1].x == result.plot_right
    assert all(line.label_y < result.plot_top for line in result.gridlines)


def test_turned_month_chart_puts_the_latest_month_on_top():
    stats = DossierStatistics(
        start=date(2026, 1, 1),
        end=date(2026, 3, 1),
        months=[
            MonthStatistics(date(2026, 1, 1), DossierCounts(received=5, on_time=3, late=1, in_progress=2)),
            MonthStatistics(date(2026, 2, 1), DossierCounts(received=0, on_time=0, late=2, in_progress=0)),
        ],
        sectors=[],
    )
    result = statistics_month_chart_turned(stats)
    assert [c.text for c in result.categories] == ["02/2026", "01/2026"]
    assert [item.label for item in result.legend] == ["Tiếp nhận", "Giải quyết đúng hạn", "Giải quyết quá hạn"]
    assert [(r.css_class, r.title) for r in result.rects] == [
        (LATE.css_class, "02/2026 – Giải quyết quá hạn: 2"),
        (RECEIVED.css_class, "01/2026 – Tiếp nhận: 5"),
        (ON_TIME.css_class, "01/2026 – Giải quyết đúng hạn: 3"),
        (LATE.css_class, "01/2026 – Giải quyết quá hạn: 1"),
    ]
