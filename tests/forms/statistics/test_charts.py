"""Server-side bar chart geometry."""

from datetime import date

import pytest

from forms.statistics.charts import (
    LATE,
    ON_TIME,
    RECEIVED,
    ChartSeries,
    bar_chart,
    nice_scale,
    number_format,
    statistics_month_chart,
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


def test_legend_lists_each_series_once_left_to_right():
    result = chart(bars=[[A], [B, C], [A]])
    assert [item.label for item in result.legend] == ["Tiếp nhận", "Đúng hạn", "Quá hạn"]
    xs = [item.x for item in result.legend]
    assert xs == sorted(xs) and len(set(xs)) == 3


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
