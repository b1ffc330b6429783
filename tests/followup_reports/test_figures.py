"""Every number on the dashboard equals the length of its drill-down list, on worked
data, with and without filters; and a few numbers checked by hand against the worked
data (tests/followup_reports/worked.py)."""

import datetime

import pytest
from django.utils import timezone

from followup.reports import figures

from . import worked


def _all_counts_match(buyer, filters):
    checked = 0
    for slug, figure in figures.dashboard_figures(buyer, filters).items():
        for key, count in figure.counts().items():
            listed = figures.drilldown(buyer, filters, slug, key).count()
            assert listed == count, f"{slug} {key}: figure {count}, drill-down {listed}"
            checked += 1
    return checked


def test_every_figure_equals_its_drilldown_unfiltered(buyer, world, other_buyer):
    worked.build_other_buyer(other_buyer, world["s1"])
    assert _all_counts_match(buyer, figures.Filters()) > 40


@pytest.mark.parametrize("which", ["agreement_a", "agreement_b", "lot_monitors", "period"])
def test_every_figure_equals_its_drilldown_filtered(buyer, world, which):
    today = timezone.localdate()
    if which == "period":
        filters = figures.Filters(date_from=today - datetime.timedelta(days=25), date_to=today)
    elif which.startswith("lot"):
        filters = figures.Filters(agreement=world[which].agreement, lot=world[which])
    else:
        filters = figures.Filters(agreement=world[which])
    assert _all_counts_match(buyer, filters) > 10


def test_worked_numbers(buyer, world, other_buyer):
    worked.build_other_buyer(other_buyer, world["s1"])
    figs = figures.dashboard_figures(buyer, figures.Filters())
    assert figs["assessment_timeliness"].counts() == {"on_time": 3, "late": 1, "overdue": 1, "not_due": 1}
    assert "4 of 6 invited submitted (67 %)" in figs["assessment_timeliness"].summary
    assert figs["assessment_status"].counts()["submitted"] == 2
    # Reviewed answers: step 1 accepted 3 (a11, a22, a33) and non-compliant 1 (a12)
    step = figs["compliance_step"].counts()
    assert (step["1:accepted"], step["1:non_compliant"]) == (3, 1)
    assert (step["4:accepted"], step["4:non_compliant"]) == (0, 2)
    findings = figs["findings"].counts()
    assert findings["overtime:all"] == 2 and findings["overtime:4"] == 1
    assert "child_labour:all" not in findings  # the other buyer's finding
    assert sum(n for key, n in findings.items() if key.endswith(":all")) == 6
    assert figs["actions"].counts() == {"open": 1, "overdue": 2, "closed": 1}
    risk = figs["risk"].counts()
    assert (risk["very_high"], risk["high"], risk["none"]) == (1, 1, 1)
    assert figs["sanctions"].counts() == {"1": 1, "2": 1, "3": 0, "4": 0}
    assert figs["sites"].counts() == {"CN": 3, "VN": 1, "MY": 1}
    heat = figs["heatmap"].counts()
    assert heat["CN:pcs"] == 1 and heat["CN:monitors"] == 1 and heat["CN:tablets"] == 1
    assert heat["MY:pcs"] == 1 and heat["MY:monitors"] == 1 and heat["VN:pcs"] == 1
    cells = {row.label: row for row in figs["heatmap"].rows}
    assert "Very high" in cells["China"].cells[0].text
    trend = {row.label.split(" (")[0]: row for row in figs["trend"].rows}
    assert [c.value for c in trend["Spring"].cells[:2]] == [3, 2]
    # followup.scoring: a11 = 100 × (1×1 + 2×0.5 + 3×0) / 6 = 33.3; a12 = 0 (its one counted answer is a
    # non-compliance); the average of the two is 16.7, shown rounded.
    assert trend["Spring"].cells[3].value == 2
    assert trend["Spring"].cells[4].text == "17 %"


def test_agreement_filter_narrows(buyer, world):
    figs = figures.dashboard_figures(buyer, figures.Filters(agreement=world["agreement_b"]))
    assert figs["assessment_timeliness"].counts() == {"on_time": 1, "late": 0, "overdue": 0, "not_due": 0}
    assert figs["sites"].counts() == {"CN": 1}
    assert figs["sanctions"].counts() == {"1": 0, "2": 0, "3": 0, "4": 0}
    findings = figs["findings"].counts()
    assert findings == {
        "forced_labour:4": 1,
        "forced_labour:3": 0,
        "forced_labour:2": 0,
        "forced_labour:1": 0,
        "forced_labour:all": 1,
    }


def test_unknown_keys_are_refused(buyer, world):
    for slug, key in [("risk", "nope"), ("findings", "overtime:9"), ("trend", "not-a-uuid:all"), ("nope", "x")]:
        with pytest.raises(figures.UnknownFigure):
            figures.drilldown(buyer, figures.Filters(), slug, key)


def _shown(buyer, filters):
    return {
        slug: (figure.counts(), figure.rows, figure.chart, figure.summary)
        for slug, figure in figures.dashboard_figures(buyer, filters).items()
    }


@pytest.mark.parametrize("which", ["all", "agreement", "lot", "period"])
def test_figures_read_through_compiled_sql_equal_the_querysets(buyer, world, other_buyer, which, monkeypatch):
    """The figures' SQL is compiled once per process (figures._rows): a later buyer, agreement
    or lot is bound into the stored SQL and sees its own numbers, as if built anew."""
    worked.build_other_buyer(other_buyer, world["s1"])
    today = timezone.localdate()
    if which == "agreement":
        first, second = (
            (buyer, figures.Filters(agreement=world["agreement_a"])),
            (
                buyer,
                figures.Filters(agreement=world["agreement_b"]),
            ),
        )
    elif which == "lot":
        lot = world["lot_monitors"]
        first = second = (buyer, figures.Filters(agreement=lot.agreement, lot=lot))
    else:
        period = (today - datetime.timedelta(days=25), today) if which == "period" else (None, None)
        first = (buyer, figures.Filters(date_from=period[0], date_to=period[1]))
        second = (other_buyer, first[1])
    shown_first = _shown(*first)  # compiles
    compiled = _shown(*second)  # bound into the compiled SQL
    if first != second:
        assert compiled != shown_first  # another buyer's or agreement's numbers, not the first's
    monkeypatch.setattr(figures, "compiled_queryset", lambda key, build, **records: list(build(**records)))
    assert compiled == _shown(*second)
    assert any(counts for counts, *_rest in compiled.values())


@pytest.mark.parametrize("which", ["all", "agreement", "lot", "period", "nothing"])
def test_the_compiled_counts_are_what_aggregate_counts(buyer, world, other_buyer, which):
    """Submission and lateness, and the corrective actions' buckets, count through SQL compiled
    once (figures._counts) instead of aggregate(): the same numbers for every shape of the
    filters, the second call bound into the stored SQL, and zeros when nothing is in scope."""
    from django.db.models import Count

    worked.build_other_buyer(other_buyer, world["s1"])
    today = timezone.localdate()
    filters = {
        "all": figures.Filters(),
        "agreement": figures.Filters(agreement=world["agreement_a"]),
        "lot": figures.Filters(agreement=world["lot_monitors"].agreement, lot=world["lot_monitors"]),
        "period": figures.Filters(date_from=today - datetime.timedelta(days=25), date_to=today),
        "nothing": figures.Filters(date_from=today + datetime.timedelta(days=400)),
    }[which]
    cases = [
        ("timeliness", figures.assessment_scope, figures._timeliness_conditions(today)),
        ("actions", figures.action_scope, figures._action_conditions(today)),
    ]
    for name, scope, conditions in cases:
        for who in (buyer, other_buyer, buyer):  # compiled, then bound to another buyer, then back
            expected = scope(who, filters).aggregate(**{k: Count("pk", filter=q) for k, q in conditions.items()})
            assert figures._counts(name, scope, conditions, who, filters, today) == expected
            if which == "nothing":
                assert set(expected.values()) == {0}
        if which == "all":
            assert any(figures._counts(name, scope, conditions, buyer, filters, today).values())
