"""The risk trend as a server-side SVG line chart: this module computes the geometry,
templates/followup/risk/_trend_chart.html draws it. Plain SVG, so the same chart can go
into a PDF report unchanged."""

from django.utils import timezone

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 20, 12, 34
GRID = [0, 20, 40, 60, 80, 100]  # the level thresholds of engine.THRESHOLDS


def _r(value):
    return round(value, 1)


def trend_chart(rows, *, width=WIDTH, height=HEIGHT):
    """``rows``: RiskAssessment rows oldest first. Time runs left to right in proportion;
    the y axis is the residual figure 0-100."""
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM

    def y(value):
        return _r(TOP + plot_h * (1 - float(value) / 100))

    times = [row.created_at.timestamp() for row in rows]
    first, last = (min(times), max(times)) if times else (0, 0)
    points = []
    for index, row in enumerate(rows):
        if len(rows) == 1:
            x = LEFT + plot_w / 2
        elif last > first:
            x = LEFT + plot_w * (times[index] - first) / (last - first)
        else:
            x = LEFT + plot_w * index / (len(rows) - 1)
        points.append(
            {
                "x": _r(x),
                "y": y(row.residual_score),
                "value": row.residual_score,
                "inherent": row.inherent_score,
                "level": row.get_residual_level_display(),
                "when": timezone.localtime(row.created_at),
            }
        )
    return {
        "width": width,
        "height": height,
        "left": LEFT,
        "right": width - RIGHT,
        "bottom": height - BOTTOM,
        "grid": [{"value": value, "y": y(value)} for value in GRID],
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "first": points[0] if points else None,
        "last": points[-1] if points else None,
        "label_y": height - 12,
    }
