"""Bar charts laid out on the server, for inline SVG that needs no JavaScript and no inline styles.

The template only copies the numbers computed here into ``<rect>`` and ``<text>`` attributes;
colours come from CSS classes (the public Content Security Policy forbids style attributes).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Room around the plot for the legend (top), tick labels (left) and category labels (bottom).
LEGEND_HEIGHT = 32
MARGIN_LEFT = 48
MARGIN_RIGHT = 8
MARGIN_BOTTOM = 28
# Share of a category's slot taken by its bars; the rest separates neighbouring categories.
SLOT_FILL = 0.76
BAR_GAP = 2
LEGEND_SWATCH = 12
# Rough width of one character of the 12px legend text, to place the next legend item.
LEGEND_CHAR_WIDTH = 7


@dataclass(frozen=True)
class ChartSeries:
    """One kind of value: ``key`` into the values, ``label`` for the legend, ``css_class`` for its colour."""

    key: str
    label: str
    css_class: str


@dataclass(frozen=True)
class ChartRect:
    """A bar or a stacked segment of one, with its hover title."""

    x: float
    y: float
    width: float
    height: float
    css_class: str
    title: str


@dataclass(frozen=True)
class ChartText:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class ChartTick:
    """A gridline at ``y`` with its value written left of the plot, ending at ``label_x``."""

    y: float
    label: str
    label_x: float


@dataclass(frozen=True)
class LegendItem:
    x: float
    y: float
    text_x: float
    text_y: float
    css_class: str
    label: str


@dataclass(frozen=True)
class BarChart:
    """Everything an SVG template needs, in user units of the ``0 0 width height`` view box."""

    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    ticks: list[ChartTick]
    rects: list[ChartRect]
    totals: list[ChartText]
    categories: list[ChartText]
    legend: list[LegendItem]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def number_format(value: int) -> str:
    """``1234567`` → ``1.234.567``, the Vietnamese thousands separator."""
    return f"{value:,}".replace(",", ".")


def nice_scale(maximum: int, *, intervals: int = 5) -> tuple[int, int]:
    """The axis top and tick step for values up to ``maximum``.

    The step is 1, 2 or 5 times a power of ten, the smallest giving at most ``intervals`` intervals,
    so ticks read 0, 5, 10 … rather than 0, 7, 14 …; an all-zero chart still gets a 0–1 axis.
    """
    if maximum <= 0:
        return 1, 1
    power = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * power
            if -(-maximum // step) <= intervals:
                return -(-maximum // step) * step, step
        power *= 10


def _round(value: float) -> float:
    return round(value, 1)


def bar_chart(
    *,
    categories: Sequence[str],
    bars: Sequence[Sequence[ChartSeries]],
    values: Mapping[str, Sequence[int]],
    width: int = 720,
    height: int = 320,
) -> BarChart:
    """Lay out grouped, stacked bars: for each category, one bar per entry of ``bars``.

    Each entry of ``bars`` lists the series stacked in that bar from the bottom up, e.g.
    ``[[received], [on_time, late]]`` draws a received bar beside a resolved bar split into on time
    and late. ``values[series.key][i]`` is the value of the i-th category. Zero segments draw
    nothing; each bar's total is written above it when not zero.
    """
    plot_left, plot_right = MARGIN_LEFT, width - MARGIN_RIGHT
    plot_top, plot_bottom = LEGEND_HEIGHT + 8, height - MARGIN_BOTTOM
    plot_height = plot_bottom - plot_top
    totals_per_bar = [
        [sum(values[series.key][i] for series in stack) for stack in bars] for i in range(len(categories))
    ]
    top, step = nice_scale(max((max(row, default=0) for row in totals_per_bar), default=0))

    def y_of(value: float) -> float:
        return plot_bottom - value / top * plot_height

    ticks = [
        ChartTick(y=_round(y_of(value)), label=number_format(value), label_x=plot_left - 6)
        for value in range(0, top + 1, step)
    ]

    slot = (plot_right - plot_left) / max(len(categories), 1)
    bar_width = (slot * SLOT_FILL - BAR_GAP * (len(bars) - 1)) / max(len(bars), 1)
    rects: list[ChartRect] = []
    totals: list[ChartText] = []
    labels: list[ChartText] = []
    for i, category in enumerate(categories):
        slot_left = plot_left + i * slot
        labels.append(ChartText(x=_round(slot_left + slot / 2), y=height - 8, text=category))
        x = slot_left + slot * (1 - SLOT_FILL) / 2
        for stack, total in zip(bars, totals_per_bar[i], strict=True):
            base = 0
            for series in stack:
                value = values[series.key][i]
                if value:
                    y = y_of(base + value)
                    rects.append(
                        ChartRect(
                            x=_round(x),
                            y=_round(y),
                            width=_round(bar_width),
                            height=_round(y_of(base) - y),
                            css_class=series.css_class,
                            title=f"{category} – {series.label}: {number_format(value)}",
                        )
                    )
                base += value
            if total:
                totals.append(
                    ChartText(x=_round(x + bar_width / 2), y=_round(y_of(total) - 4), text=number_format(total))
                )
            x += bar_width + BAR_GAP

    legend: list[LegendItem] = []
    x = plot_left
    seen: set[str] = set()
    for stack in bars:
        for series in stack:
            if series.key in seen:
                continue
            seen.add(series.key)
            legend.append(
                LegendItem(
                    x=x,
                    y=10,
                    text_x=x + LEGEND_SWATCH + 6,
                    text_y=10 + LEGEND_SWATCH - 1,
                    css_class=series.css_class,
                    label=series.label,
                )
            )
            x += LEGEND_SWATCH + 6 + len(series.label) * LEGEND_CHAR_WIDTH + 18

    return BarChart(
        width=width,
        height=height,
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        ticks=ticks,
        rects=rects,
        totals=totals,
        categories=labels,
        legend=legend,
    )


RECEIVED = ChartSeries("received", "Tiếp nhận", "chart__bar--received")
ON_TIME = ChartSeries("on_time", "Giải quyết đúng hạn", "chart__bar--on-time")
LATE = ChartSeries("late", "Giải quyết quá hạn", "chart__bar--late")


def statistics_month_chart(statistics) -> BarChart:
    """Per month of a ``forms.statistics.DossierStatistics``: a received bar beside a resolved bar
    split into on time and late (in progress is a stock, not a monthly flow: it stays in the table)."""
    months = statistics.months
    return bar_chart(
        categories=[f"{row.month:%m/%Y}" for row in months],
        bars=[[RECEIVED], [ON_TIME, LATE]],
        values={
            RECEIVED.key: [row.counts.received for row in months],
            ON_TIME.key: [row.counts.on_time for row in months],
            LATE.key: [row.counts.late for row in months],
        },
    )
