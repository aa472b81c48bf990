"""Bar charts laid out on the server, for inline SVG that needs no JavaScript and no inline styles.

The template only copies the numbers computed here into ``<rect>`` and ``<text>`` attributes;
colours come from CSS classes (the public Content Security Policy forbids style attributes).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Room around the plot for the totals above the tallest bar (top), tick labels (left) and category
# labels (bottom). The legend is HTML above the chart, where it wraps on a narrow screen.
MARGIN_TOP = 20
MARGIN_LEFT = 48
MARGIN_RIGHT = 8
MARGIN_BOTTOM = 28
# Share of a category's slot taken by its bars; the rest separates neighbouring categories.
SLOT_FILL = 0.76
BAR_GAP = 2
# The turned chart (categories down the side, for a phone): room for the category labels (left),
# the totals after the longest bar (right), the value labels (top); the height of one category's row.
TURNED_MARGIN_LEFT = 60
TURNED_MARGIN_RIGHT = 36
TURNED_MARGIN_TOP = 24
TURNED_MARGIN_BOTTOM = 8
TURNED_ROW_HEIGHT = 30


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
class ChartGridline:
    """A vertical gridline of a turned chart at ``x``, its value written above the plot at ``label_y``."""

    x: float
    label: str
    label_y: float


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
    legend: list[ChartSeries]

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
    plot_top, plot_bottom = MARGIN_TOP, height - MARGIN_BOTTOM
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
        legend=_legend(bars),
    )


def _legend(bars: Sequence[Sequence[ChartSeries]]) -> list[ChartSeries]:
    """Each series once, in the order the bars draw them."""
    legend: list[ChartSeries] = []
    for stack in bars:
        for series in stack:
            if series not in legend:
                legend.append(series)
    return legend


@dataclass(frozen=True)
class TurnedBarChart:
    """A bar chart turned a quarter: categories are rows from the top down, bars grow to the right.

    It keeps a phone's narrow width however many categories there are, by growing downwards.
    """

    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    gridlines: list[ChartGridline]
    rects: list[ChartRect]
    totals: list[ChartText]
    categories: list[ChartText]
    legend: list[ChartSeries]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def bar_chart_turned(
    *,
    categories: Sequence[str],
    bars: Sequence[Sequence[ChartSeries]],
    values: Mapping[str, Sequence[int]],
    width: int = 320,
) -> TurnedBarChart:
    """Lay out the bars of ``bar_chart`` turned: one row per category, from the top, bars side by side
    within a row and growing to the right, each bar's total written after its end.

    ``width`` is a phone's width in user units, so 12px text stays about 12 px on screen; the height
    follows the number of categories (``TURNED_ROW_HEIGHT`` each).
    """
    plot_left, plot_right = TURNED_MARGIN_LEFT, width - TURNED_MARGIN_RIGHT
    plot_top = TURNED_MARGIN_TOP
    plot_bottom = plot_top + TURNED_ROW_HEIGHT * max(len(categories), 1)
    height = int(plot_bottom + TURNED_MARGIN_BOTTOM)
    plot_width = plot_right - plot_left
    totals_per_bar = [
        [sum(values[series.key][i] for series in stack) for stack in bars] for i in range(len(categories))
    ]
    # Four intervals: the value labels share a phone's width with nothing else on their line.
    top, step = nice_scale(max((max(row, default=0) for row in totals_per_bar), default=0), intervals=4)

    def x_of(value: float) -> float:
        return plot_left + value / top * plot_width

    gridlines = [
        ChartGridline(x=_round(x_of(value)), label=number_format(value), label_y=plot_top - 8)
        for value in range(0, top + 1, step)
    ]
    bar_height = (TURNED_ROW_HEIGHT * SLOT_FILL - BAR_GAP * (len(bars) - 1)) / max(len(bars), 1)
    rects: list[ChartRect] = []
    totals: list[ChartText] = []
    labels: list[ChartText] = []
    for i, category in enumerate(categories):
        row_top = plot_top + i * TURNED_ROW_HEIGHT
        labels.append(ChartText(x=plot_left - 6, y=_round(row_top + TURNED_ROW_HEIGHT / 2), text=category))
        y = row_top + TURNED_ROW_HEIGHT * (1 - SLOT_FILL) / 2
        for stack, total in zip(bars, totals_per_bar[i], strict=True):
            base = 0
            for series in stack:
                value = values[series.key][i]
                if value:
                    rects.append(
                        ChartRect(
                            x=_round(x_of(base)),
                            y=_round(y),
                            width=_round(x_of(base + value) - x_of(base)),
                            height=_round(bar_height),
                            css_class=series.css_class,
                            title=f"{category} – {series.label}: {number_format(value)}",
                        )
                    )
                base += value
            if total:
                totals.append(
                    ChartText(x=_round(x_of(total) + 4), y=_round(y + bar_height / 2), text=number_format(total))
                )
            y += bar_height + BAR_GAP

    return TurnedBarChart(
        width=width,
        height=height,
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        gridlines=gridlines,
        rects=rects,
        totals=totals,
        categories=labels,
        legend=_legend(bars),
    )


RECEIVED = ChartSeries("received", "Tiếp nhận", "chart__bar--received")
ON_TIME = ChartSeries("on_time", "Giải quyết đúng hạn", "chart__bar--on-time")
LATE = ChartSeries("late", "Giải quyết quá hạn", "chart__bar--late")


MONTH_BARS = [[RECEIVED], [ON_TIME, LATE]]


def _month_values(months) -> dict[str, list[int]]:
    return {
        RECEIVED.key: [row.counts.received for row in months],
        ON_TIME.key: [row.counts.on_time for row in months],
        LATE.key: [row.counts.late for row in months],
    }


def statistics_month_chart(statistics) -> BarChart:
    """Per month of a ``forms.statistics.DossierStatistics``: a received bar beside a resolved bar
    split into on time and late (in progress is a stock, not a monthly flow: it stays in the table)."""
    months = statistics.months
    return bar_chart(
        categories=[f"{row.month:%m/%Y}" for row in months],
        bars=MONTH_BARS,
        values=_month_values(months),
    )


def statistics_month_chart_turned(statistics) -> TurnedBarChart:
    """The same bars turned for a phone, the latest month on top: the first screen shows the
    recent months, not the start of the period (often empty on a new portal)."""
    months = list(reversed(statistics.months))
    return bar_chart_turned(
        categories=[f"{row.month:%m/%Y}" for row in months],
        bars=MONTH_BARS,
        values=_month_values(months),
    )
