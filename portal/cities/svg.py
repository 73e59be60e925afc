"""Render a `Chart` as SVG on the server: axes, labels, a title and a description.

No scripts and no style attributes (the CSP forbids inline styles): geometry
goes in presentation attributes, colours and dashes come from classes in
portal.css. Every bar and point carries its value in `data-value` and in a
`<title>` (shown on hover, read by assistive technology with the table).
"""

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from portal.cities.measures import Kind

WIDTH = 640
HEIGHT = 320
_LEFT, _RIGHT, _TOP, _BOTTOM = 60, 16, 44, 72
_ROW = 26  # height of a row in a lying bar chart
_ROTATE_PAST = 8  # categories on the x axis beyond which labels are slanted


def render(chart) -> SafeString:
    """Return the chart as an inline `<svg>` element."""
    if chart.kind == "hbar":
        width, height, body = _lying_bars(chart)
    else:
        width, height, body = _columns_or_lines(chart)
    ident = f"chart-{escape(chart.slug)}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{chart.kind}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(chart.title)}</title>'
        f'<desc id="{ident}-desc">{escape(chart.description)} {escape(chart.note)} '
        f"{escape(chart.summary())}</desc>"
    )
    return mark_safe(head + "".join(body) + "</svg>")


def _text_width(text: str, size: float = 12) -> float:
    """Estimate a label's width: CJK characters are square, Latin ones narrower."""
    return sum(size if ord(c) > 0x2E80 else size * 0.58 for c in text)


def _ticks(top: float, *, share: bool) -> list[float]:
    """Return 5 or 6 round tick values from 0 to at least `top`."""
    if share:
        return [0, 20, 40, 60, 80, 100]
    top = max(top, 1)
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if step < 1:
        step = 1
    count = math.ceil(top / step)
    return [step * i for i in range(count + 1)]


def _number(value: float) -> str:
    return f"{value:g}"


def _mark_title(chart, series, index) -> str:
    unit = chart.unit
    text = chart.text(series, index) or gettext("no figure")
    if unit and chart.text(series, index):
        text = f"{text}{unit}" if unit == "%" else f"{text} {unit}"
    if series.samples and series.sample(index):
        text += f", n={series.sample(index)}"
    if series.small(index):
        text += " " + gettext("(small sample)")
    if index in chart.incomplete:
        text += " " + gettext("(in progress)")
    return f"{chart.categories[index]} · {series.label}: {text}"


def _mark_class(chart, series, index) -> str:
    """Return the classes that set a small sample or a partial quarter apart."""
    extra = ""
    if series.small(index):
        extra += " small-sample"
    if index in chart.incomplete:
        extra += " in-progress"
    return extra


def _value_label(chart, series, index) -> str:
    """Return the text after a lying bar: the value, and its n if it has one."""
    text = chart.text(series, index)
    if series.samples and series.sample(index):
        text += f" · n={series.sample(index)}"
    if series.small(index):
        text += "*"
    return text


def _has_samples(chart) -> bool:
    return any(series.samples for series in chart.series)


def _row_label(chart, index) -> str:
    """Return a lying bar's label: the city, after its place in a ranking."""
    label = chart.categories[index]
    if chart.ranks:
        place = chart.ranks[index]
        return f"{place}. {label}" if place is not None else f"– {label}"
    return label


def _category_label(chart, index) -> str:
    label = chart.categories[index]
    if index in chart.incomplete:
        label += gettext(" (in progress)")
    return label


def _legend(chart) -> list[str]:
    parts, x = [], _LEFT
    for j, series in enumerate(chart.series):
        if chart.kind == "line":
            parts.append(
                f'<line class="legend-line series-{j}" x1="{x}" y1="16" '
                f'x2="{x + 18}" y2="16"/>'
            )
        else:
            parts.append(
                f'<rect class="series-{j}" x="{x}" y="10" width="12" height="12"/>'
            )
        parts.append(
            f'<text class="legend" x="{x + 24}" y="20">{escape(series.label)}</text>'
        )
        x += 24 + _text_width(series.label) + 20
    return parts


def _values_scaled(chart):
    return [[chart.measure.scaled(v) for v in series.values] for series in chart.series]


def _columns_or_lines(chart) -> tuple[int, int, list[str]]:
    values = _values_scaled(chart)
    known = [v for column in values for v in column if v is not None]
    ticks = _ticks(max(known, default=0), share=chart.measure.kind == Kind.SHARE)
    low = min(0, min(known, default=0))
    y_max = ticks[-1]
    count = len(chart.categories)
    slanted = count > _ROTATE_PAST
    # A slanted label that says its quarter is in progress needs more room.
    bottom = _BOTTOM + (28 if slanted and chart.incomplete else 0)
    plot_w = WIDTH - _LEFT - _RIGHT
    plot_h = HEIGHT - _TOP - bottom
    baseline = _TOP + plot_h

    def y(value: float) -> float:
        return round(baseline - (value - low) / (y_max - low) * plot_h, 1)

    parts = _legend(chart)
    for tick in ticks:
        parts.append(
            f'<line class="grid" x1="{_LEFT}" y1="{y(tick)}" '
            f'x2="{WIDTH - _RIGHT}" y2="{y(tick)}"/>'
            f'<text class="tick" x="{_LEFT - 6}" y="{y(tick) + 4}" '
            f'text-anchor="end">{_number(tick)}</text>'
        )
    if chart.unit:
        middle = _TOP + plot_h / 2
        parts.append(
            f'<text class="axis-title" x="14" y="{middle}" text-anchor="middle" '
            f'transform="rotate(-90 14 {middle})">{escape(chart.unit)}</text>'
        )
    band = plot_w / max(count, 1)
    for i in range(count):
        category = _category_label(chart, i)
        x = round(_LEFT + band * (i + 0.5), 1)
        label_y = baseline + 16
        if slanted:
            parts.append(
                f'<text class="tick" x="{x}" y="{label_y}" text-anchor="end" '
                f'transform="rotate(-40 {x} {label_y})">{escape(category)}</text>'
            )
        else:
            parts.append(
                f'<text class="tick" x="{x}" y="{label_y}" '
                f'text-anchor="middle">{escape(category)}</text>'
            )
    if chart.kind == "bar":
        group = band * 0.72
        width = group / max(len(chart.series), 1)
        for j, series in enumerate(chart.series):
            for i, value in enumerate(values[j]):
                if value is None:
                    continue
                x = round(_LEFT + band * i + (band - group) / 2 + width * j, 1)
                top = y(max(value, 0))
                height = round(y(min(value, 0)) - top, 1)
                parts.append(
                    f'<rect class="bar series-{j}{_mark_class(chart, series, i)}" '
                    f'x="{x}" y="{top}" '
                    f'width="{round(width - 1, 1)}" height="{height}" '
                    f'data-series="{j}" data-category="{i}" '
                    f'data-value="{chart.text(series, i)}">'
                    f"<title>{escape(_mark_title(chart, series, i))}</title></rect>"
                )
    else:
        for j, series in enumerate(chart.series):
            marks: list[str] = []
            points = {
                i: (round(_LEFT + band * (i + 0.5), 1), y(value))
                for i, value in enumerate(values[j])
                if value is not None
            }
            parts.extend(_polylines(chart, j, points))
            for i, (cx, cy) in points.items():
                marks.append(
                    f'<circle class="point series-{j}{_mark_class(chart, series, i)}" '
                    f'cx="{cx}" cy="{cy}" r="3.5" '
                    f'data-series="{j}" data-category="{i}" '
                    f'data-value="{chart.text(series, i)}">'
                    f"<title>{escape(_mark_title(chart, series, i))}</title></circle>"
                )
            parts.extend(marks)
    parts.append(
        f'<line class="axis" x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{baseline}"/>'
        f'<line class="axis" x1="{_LEFT}" y1="{y(0)}" x2="{WIDTH - _RIGHT}" '
        f'y2="{y(0)}"/>'
    )
    if not known:
        parts.append(_no_figures(_LEFT + plot_w / 2, _TOP + plot_h / 2))
    return WIDTH, HEIGHT, parts


def _polylines(chart, j: int, points: dict[int, tuple[float, float]]) -> list[str]:
    """Join neighbouring points; a segment into a quarter in progress is dashed.

    A gap (a quarter without a figure) breaks the line.
    """
    runs: list[tuple[bool, list[tuple[float, float]]]] = []
    for i in sorted(points):
        if i - 1 not in points:
            runs.append((False, [points[i]]))
            continue
        partial = i in chart.incomplete or i - 1 in chart.incomplete
        last_partial, run = runs[-1]
        if partial == last_partial:
            run.append(points[i])
        else:
            runs.append((partial, [run[-1], points[i]]))
    parts = []
    for partial, run in runs:
        if len(run) < 2:
            continue
        coordinates = " ".join(f"{x},{y}" for x, y in run)
        extra = " in-progress" if partial else ""
        parts.append(
            f'<polyline class="line series-{j}{extra}" points="{coordinates}"/>'
        )
    return parts


def _lying_bars(chart) -> tuple[int, int, list[str]]:
    """One row per category, bars growing to the right, values at their ends."""
    values = _values_scaled(chart)
    known = [v for column in values for v in column if v is not None]
    ticks = _ticks(max(known, default=0), share=chart.measure.kind == Kind.SHARE)
    x_max = ticks[-1]
    labels = [_row_label(chart, i) for i in range(len(chart.categories))]
    left = min(240, 12 + max((_text_width(c) for c in labels), default=40))
    top = 12
    height = top + _ROW * max(len(chart.categories), 1) + 40
    # Room for the value (and its n) after a bar.
    plot_w = WIDTH - left - _RIGHT - (96 if _has_samples(chart) else 40)
    bottom = height - 40

    def x(value: float) -> float:
        return round(left + max(value, 0) / x_max * plot_w, 1)

    parts = []
    for tick in ticks:
        parts.append(
            f'<line class="grid" x1="{x(tick)}" y1="{top}" x2="{x(tick)}" '
            f'y2="{bottom}"/>'
            f'<text class="tick" x="{x(tick)}" y="{bottom + 16}" '
            f'text-anchor="middle">{_number(tick)}</text>'
        )
    if chart.unit:
        parts.append(
            f'<text class="axis-title" x="{left + plot_w / 2}" y="{bottom + 34}" '
            f'text-anchor="middle">{escape(chart.unit)}</text>'
        )
    series = chart.series[0]
    for i in range(len(chart.categories)):
        row_y = top + _ROW * i
        if chart.ranks and chart.ranks[i] is None and (i == 0 or chart.ranks[i - 1]):
            # Where the ranked cities end and the small samples begin.
            parts.append(
                f'<line class="divider" x1="4" y1="{row_y}" '
                f'x2="{WIDTH - _RIGHT}" y2="{row_y}"/>'
            )
        parts.append(
            f'<text class="tick" x="{left - 8}" y="{row_y + _ROW / 2 + 4}" '
            f'text-anchor="end">{escape(labels[i])}</text>'
        )
        value = values[0][i]
        if value is None:
            continue
        bar_end = x(value)
        parts.append(
            f'<rect class="bar series-0{_mark_class(chart, series, i)}" '
            f'x="{left}" y="{row_y + 4}" '
            f'width="{round(bar_end - left, 1)}" height="{_ROW - 8}" '
            f'data-series="0" data-category="{i}" '
            f'data-value="{chart.text(series, i)}">'
            f"<title>{escape(_mark_title(chart, series, i))}</title></rect>"
            f'<text class="value" x="{bar_end + 4}" y="{row_y + _ROW / 2 + 4}">'
            f"{escape(_value_label(chart, series, i))}</text>"
        )
    parts.append(
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"/>'
    )
    if not known:
        parts.append(_no_figures(left + plot_w / 2, (top + bottom) / 2))
    return WIDTH, height, parts


def _no_figures(x: float, y: float) -> str:
    return (
        f'<text class="no-figures" x="{x}" y="{y}" text-anchor="middle">'
        f"{escape(gettext('No figures for this period.'))}</text>"
    )
