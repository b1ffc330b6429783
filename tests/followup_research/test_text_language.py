"""A finding written in English, shown on a Bokmål page, is marked lang="en" (WCAG 3.1.2),
for the officer and for the supplier it is raised with."""

import pytest
from django.urls import reverse

from followup.research import services
from tests.conftest import client_for
from tests.followup_actions.conftest import make_finding

pytestmark = pytest.mark.django_db


def test_an_english_finding_on_a_bokmal_page_carries_its_language(client, buyer, officer, supplier_a, supplier_a_user):
    finding = make_finding(buyer, supplier_a, title="Student interns work 12-hour days")
    finding.language = "en"
    finding.supplier_summary = "Please explain the interns' hours."
    finding.save()
    services.finding_raise(finding=finding, supplier=supplier_a, actor=officer)
    for user in (officer, supplier_a_user):
        user.language = "nb"
        user.save()

    client_for(client, officer)
    detail = client.get(reverse("findings:detail", args=[finding.public_id])).content.decode()
    assert '<html lang="nb"' in detail
    assert '<span lang="en">Student interns work 12-hour days</span>' in detail
    assert '<p lang="en">Please explain the interns&#x27; hours.</p>' in detail
    listing = client.get(reverse("findings:list")).content.decode()
    assert 'lang="en">Student interns work 12-hour days</a>' in listing

    client_for(client, supplier_a_user)
    portal = client.get(reverse("portal_findings:detail", args=[finding.public_id])).content.decode()
    assert '<html lang="nb"' in portal
    assert '<h1 class="h2" lang="en">Student interns work 12-hour days</h1>' in portal


def test_a_finding_is_bokmal_unless_told_otherwise(buyer, supplier_a):
    assert make_finding(buyer, supplier_a).language == "nb"
