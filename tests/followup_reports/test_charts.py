"""The line chart's round labels never overlap: a few short ones stand level under their
points; many long ones (a buyer with years of rounds) are turned, with room made for them."""

import re

from followup.reports import charts


def _chart(labels):
    return str(
        charts.line_chart(
            chart_id="trend",
            title="Rounds",
            desc="Submission rate per round",
            x_labels=labels,
            series=[("Submission rate", [80] * len(labels))],
        )
    )


def _axis_labels(svg, labels):
    texts = re.findall(r"<text ([^>]*)>([^<]*)</text>", svg)
    return [match for match in texts if match[1] in [label[:18] for label in labels]]


def test_few_labels_stand_level():
    labels = ["Round 2025", "Round 2026"]
    svg = _chart(labels)
    found = _axis_labels(svg, labels)
    assert len(found) == 2 and not any("rotate" in attrs for attrs, _text in found)
    assert 'height="252"' in svg


def test_many_long_labels_are_turned_and_fit():
    labels = [f"Egenvurdering {year} (runde {n})" for year in range(2022, 2027) for n in (1, 2, 3)]
    svg = _chart(labels)
    found = re.findall(r"<text ([^>]*)>(Egenvurdering[^<]*)</text>", svg)
    assert len(found) == len(labels)
    assert all('text-anchor="end"' in attrs and "rotate(-40" in attrs for attrs, _text in found)
    height = int(re.search(r'height="(\d+)"', svg).group(1))
    assert height > 252  # taller by the turned labels' reach
    # The first label's point leaves room to its left for the turned text (~6 px a character).
    first_x = float(re.search(r'x="([\d.]+)"', found[0][0]).group(1))
    assert first_x >= 6 * 18 * 0.77 - 1
