"""Server-side SVG charts: horizontal bars, stacked bars, a heatmap and a line chart.

The same markup goes into the web dashboard and into the PDF (WeasyPrint draws inline
SVG), so the two always agree. Every chart:

- is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``;
- is readable without colour: every bar carries its number as text, stacked series and
  heat levels differ by pattern or by a written label, the line series by dash and
  marker shape;
- has the same numbers in a table next to it (templates/followup/reports/_figure.html).

All text is escaped here; nothing a user typed reaches the markup unescaped.
"""

import html
from decimal import Decimal

from django.utils.safestring import mark_safe

from oslo_procurement.numbers import grouped

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
TEXT = "#1a1a1a"
AXIS = "#6b6b6b"
BAR = "#2a6f97"
# Series: light fills (black text stays readable on them) each with its own pattern.
SERIES = [
    ("#9ecae1", ""),
    ("#fdae6b", "M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6"),
    ("#c7e9c0", "dots"),
    ("#dadaeb", "M0,0 L8,8 M0,8 L8,0"),
    ("#fdd0a2", "M0,4 L8,4"),
    ("#d9d9d9", "M4,0 L4,8"),
]
# Heat levels, lowest first; the two darkest take white text.
HEAT = ["#f7f7f7", "#fee8c8", "#fdbb84", "#d7301f", "#990000"]
LINES = [("", "circle"), ("6 4", "square"), ("2 3", "triangle")]


def _e(value):
    # The characters django.utils.html.escape replaces, without its lazy-string wrapper and
    # SafeString per call (the chart is marked safe once, as a whole).
    return html.escape("" if value is None else str(value))


def _num(value):
    """A value written in a chart, in the active language (1 234,5 in Bokmål)."""
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    return grouped(value)


def _short(label, limit):
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _open(chart_id, title, desc, width, height):
    cid = _e(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart img-fluid" role="img" id="{cid}" '
        f'aria-labelledby="{cid}-title {cid}-desc" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="12" fill="{TEXT}">'
        f'<title id="{cid}-title">{_e(title)}</title><desc id="{cid}-desc">{_e(desc)}</desc>'
    )


def _patterns(chart_id):
    parts = ["<defs>"]
    for index, (color, path) in enumerate(SERIES):
        parts.append(
            f'<pattern id="{_e(chart_id)}-p{index}" patternUnits="userSpaceOnUse" width="8" height="8">'
            f'<rect width="8" height="8" fill="{color}"/>'
        )
        if path == "dots":
            parts.append('<circle cx="4" cy="4" r="1.4" fill="#333"/>')
        elif path:
            parts.append(f'<path d="{path}" stroke="#333" stroke-width="1"/>')
        parts.append("</pattern>")
    parts.append("</defs>")
    return "".join(parts)


def _fill(chart_id, index):
    index %= len(SERIES)
    if not SERIES[index][1]:
        return SERIES[index][0]  # a plain fill: no pattern tiles to show seams
    return f"url(#{_e(chart_id)}-p{index})"


def _svg(parts):
    """The finished chart as markup for templates. Every value in ``parts`` that does not
    come from this module (labels, titles, numbers) went through ``_e()``; this is the only
    place that marks chart markup safe."""
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  # nosemgrep: oslo-mark-safe-on-non-literal


def _empty(chart_id, title, desc, message):
    return _svg([_open(chart_id, title, desc, 480, 40), f'<text x="0" y="24">{_e(message)}</text></svg>'])


def bar_chart(*, chart_id, title, desc, bars, width=560, label_width=210, empty=""):
    """Horizontal bars, one per ``(label, value)``, each with its value written after it."""
    if not bars:
        return _empty(chart_id, title, desc, empty)
    row, top = 26, 8
    height = top + row * len(bars) + 8
    plot = width - label_width - 50
    peak = max((value or 0) for _label, value in bars) or 1
    parts = [_open(chart_id, title, desc, width, height)]
    for index, (label, value) in enumerate(bars):
        y = top + index * row
        length = round(plot * (value or 0) / peak, 1)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" font-size="11">{_e(_short(label, 30))}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{max(length, 0.5)}" height="18" fill="{BAR}"/>'
            f'<text x="{label_width + length + 6}" y="{y + 17}" font-weight="bold">{_e(_num(value))}</text>'
        )
    parts.append(f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{height - 8}" stroke="{AXIS}"/></svg>')
    return _svg(parts)


def _legend(chart_id, series, y, x=0):
    parts, cursor = [], x
    for index, name in enumerate(series):
        parts.append(
            f'<rect x="{cursor}" y="{y}" width="14" height="14" fill="{_fill(chart_id, index)}" stroke="#333"/>'
            f'<text x="{cursor + 19}" y="{y + 11}">{_e(name)}</text>'
        )
        cursor += 19 + 7 * len(str(name)) + 18
    return "".join(parts)


def stacked_bar_chart(*, chart_id, title, desc, categories, series, values, width=560, label_width=210, empty=""):
    """One horizontal bar per category, split into the series (each with its pattern);
    a segment wide enough shows its number, and every bar ends with its total."""
    if not categories:
        return _empty(chart_id, title, desc, empty)
    row, top = 28, 30
    height = top + row * len(categories) + 8
    plot = width - label_width - 50
    peak = max(sum(v or 0 for v in row_values) for row_values in values) or 1
    parts = [_open(chart_id, title, desc, width, height), _patterns(chart_id), _legend(chart_id, series, 4)]
    for index, (label, row_values) in enumerate(zip(categories, values, strict=True)):
        y = top + index * row
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="11">{_e(_short(label, 30))}</text>'
        )
        x = label_width
        for series_index, value in enumerate(row_values):
            if not value:
                continue
            length = round(plot * value / peak, 1)
            parts.append(
                f'<rect x="{x}" y="{y + 4}" width="{length}" height="20" fill="{_fill(chart_id, series_index)}" '
                f'stroke="#333" stroke-width="0.75"/>'
            )
            if length >= 22:
                chip = 8 + 7 * len(_num(value))
                parts.append(
                    f'<rect x="{x + length / 2 - chip / 2}" y="{y + 7}" width="{chip}" height="14" rx="3" fill="#fff"/>'
                    f'<text x="{x + length / 2}" y="{y + 18}" text-anchor="middle" font-size="11">'
                    f"{_e(_num(value))}</text>"
                )
            x += length
        total = sum(v or 0 for v in row_values)
        parts.append(f'<text x="{x + 6}" y="{y + 18}" font-weight="bold">{_e(_num(total))}</text>')
    parts.append("</svg>")
    return _svg(parts)


def _wrap(label, width):
    words, lines, line = str(label).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:3]


def heatmap(*, chart_id, title, desc, rows, columns, cells, levels, width=None, empty=""):
    """A grid of rows × columns. Each cell is None or ``{"value", "level", "level_label"}``;
    it shows its number and its level in words, shaded darker for a higher level."""
    if not rows or not columns:
        return _empty(chart_id, title, desc, empty)
    label_width, cell_w, cell_h, head = 140, 96, 40, 52
    legend = []
    x = label_width
    for index, name in enumerate(levels):
        legend.append((x, index, name))
        x += 24 + 6.5 * len(str(name))
    width = width or round(max(label_width + cell_w * len(columns) + 4, x))
    height = head + cell_h * len(rows) + 34
    parts = [_open(chart_id, title, desc, width, height)]
    for col, label in enumerate(columns):
        x = label_width + col * cell_w + cell_w / 2
        for line_no, line in enumerate(_wrap(label, 14)):
            parts.append(f'<text x="{x}" y="{12 + line_no * 13}" text-anchor="middle" font-size="11">{_e(line)}</text>')
    for r, label in enumerate(rows):
        y = head + r * cell_h
        parts.append(f'<text x="{label_width - 8}" y="{y + 24}" text-anchor="end">{_e(_short(label, 20))}</text>')
        for c, cell in enumerate(cells[r]):
            x = label_width + c * cell_w
            if cell is None:
                parts.append(
                    f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" fill="#fff" '
                    f'stroke="#ccc"/><text x="{x + cell_w / 2}" y="{y + 24}" text-anchor="middle" '
                    f'fill="{AXIS}">0</text>'
                )
                continue
            level = cell.get("level")
            fill = HEAT[level] if level is not None else "#fff"
            ink = "#fff" if level is not None and level >= 3 else TEXT
            parts.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{fill}" '
                f'stroke="#999"/>'
                f'<text x="{x + cell_w / 2}" y="{y + 17}" text-anchor="middle" font-weight="bold" fill="{ink}">'
                f"{_e(_num(cell['value']))}</text>"
                f'<text x="{x + cell_w / 2}" y="{y + 32}" text-anchor="middle" font-size="10" fill="{ink}">'
                f"{_e(_short(cell.get('level_label', ''), 16))}</text>"
            )
    y = head + cell_h * len(rows) + 10
    for x, index, name in legend:
        parts.append(
            f'<rect x="{x}" y="{y}" width="14" height="14" fill="{HEAT[index]}" stroke="#999"/>'
            f'<text x="{x + 18}" y="{y + 11}" font-size="11">{_e(name)}</text>'
        )
    parts.append("</svg>")
    return _svg(parts)


def _marker(shape, x, y, color):
    if shape == "square":
        return f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8" fill="{color}"/>'
    if shape == "triangle":
        return f'<path d="M{x},{y - 5} L{x + 5},{y + 4} L{x - 5},{y + 4} Z" fill="{color}"/>'
    return f'<circle cx="{x}" cy="{y}" r="4.5" fill="{color}"/>'


def line_chart(*, chart_id, title, desc, x_labels, series, y_max=100, unit=" %", width=560, empty=""):
    """Lines over the x labels (reporting rounds), 0 to ``y_max``. Each series has its own
    dash and marker shape, and every point is labelled with its value."""
    if not x_labels:
        return _empty(chart_id, title, desc, empty)
    left, right, top, plot_h = 40, 20, 34, 170
    plot_w = width - left - right
    step = plot_w / max(len(x_labels), 1)
    # Labels wider than their slot (many rounds) are turned 40° so that they never overlap;
    # the chart grows by the height they then take. ~6 px per character at font-size 10.
    labels = [_short(label, 18) for label in x_labels]
    label_w = 6 * max(len(label) for label in labels)
    turned = label_w > step - 4
    if turned:  # the first label reaches left of its point: room for it before the plot
        left = max(left, int(label_w * 0.77 - step / 2) + 4)
        plot_w = width - left - right
        step = plot_w / len(x_labels)
    height = top + plot_h + (int(label_w * 0.65) + 24 if turned else 48)
    colors = ["#1f4e79", "#8c2d04", "#006d2c"]
    parts = [_open(chart_id, title, desc, width, height)]
    x_legend = left
    for index, (name, _values) in enumerate(series):
        dash, shape = LINES[index % len(LINES)]
        color = colors[index % len(colors)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x_legend}" y1="12" x2="{x_legend + 26}" y2="12" stroke="{color}" stroke-width="2"{dash_attr}/>'
            + _marker(shape, x_legend + 13, 12, color)
            + f'<text x="{x_legend + 32}" y="16">{_e(name)}</text>'
        )
        x_legend += 46 + 8 * len(str(name))
    for tick in range(0, 101, 25):
        y = top + plot_h - plot_h * tick / 100
        parts.append(
            f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="#e0e0e0"/>'
            f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" font-size="10" fill="{AXIS}">'
            f"{_e(_num(round(y_max * tick / 100)))}</text>"
        )
    for index, label in enumerate(labels):
        x, y = round(left + step * index + step / 2, 1), top + plot_h + 16
        if turned:
            parts.append(
                f'<text x="{x}" y="{y}" text-anchor="end" font-size="10" transform="rotate(-40 {x} {y})">'
                f"{_e(label)}</text>"
            )
        else:
            parts.append(f'<text x="{x}" y="{y}" text-anchor="middle" font-size="10">{_e(label)}</text>')
    for index, (_name, values) in enumerate(series):
        dash, shape = LINES[index % len(LINES)]
        color = colors[index % len(colors)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = [
            (left + step * i + step / 2, top + plot_h - plot_h * float(v) / y_max, v)
            for i, v in enumerate(values)
            if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"{dash_attr}/>')
        for x, y, value in points:
            offset = -9 if index % 2 == 0 else 17
            parts.append(
                _marker(shape, round(x, 1), round(y, 1), color)
                + f'<text x="{x:.1f}" y="{y + offset:.1f}" text-anchor="middle" font-size="10" fill="{color}">'
                f"{_e(_num(value))}{_e(unit)}</text>"
            )
    parts.append("</svg>")
    return _svg(parts)


def render(figure, *, chart_id=None, empty=""):
    """The chart of a figure from followup.reports.figures (its ``chart`` spec)."""
    spec = figure.chart or {}
    common = {
        "chart_id": chart_id or f"chart-{figure.slug}",
        "title": figure.title,
        "desc": " ".join(part for part in (figure.description, figure.summary) if part),
        "empty": empty,
    }
    kind = spec.get("type")
    if kind == "bar":
        return bar_chart(bars=spec["bars"], **common)
    if kind == "stacked":
        return stacked_bar_chart(categories=spec["categories"], series=spec["series"], values=spec["values"], **common)
    if kind == "heatmap":
        return heatmap(rows=spec["rows"], columns=spec["columns"], cells=spec["cells"], levels=spec["levels"], **common)
    if kind == "line":
        return line_chart(x_labels=spec["x_labels"], series=spec["series"], **common)
    return ""
