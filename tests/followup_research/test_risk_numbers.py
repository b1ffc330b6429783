"""The risk explanation writes its numbers in the reader's language: "× 0,5" and a
score of "33,3" in Bokmål, "× 0.5" and "33.3" in English."""

from decimal import Decimal

import pytest
from django.utils import translation

from followup.risk.engine import Line, line_text


@pytest.mark.parametrize("language, weight, score", [("nb", "× 0,5", "33,3 av 100"), ("en", "× 0.5", "33.3 of 100")])
def test_explanation_numbers_follow_the_language(language, weight, score):
    finding = Line(
        key="finding:1",
        code="finding",
        effect=Decimal("4.5"),
        params={"title": "Overtime", "status": "new", "severity": 3, "likelihood": 3, "weight": "0.5"},
    )
    assessment = Line(
        key="assessment:1",
        code="assessment",
        effect=Decimal("3.3"),
        params={"round": "Vår 2026", "score": "33.3", "midpoint": "50", "weight": "0.2"},
    )
    with translation.override(language):
        assert line_text(finding).endswith(weight)
        assert score in line_text(assessment)
        assert ("0,2" if language == "nb" else "0.2") in line_text(assessment)
