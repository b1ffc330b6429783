"""seed_scale (the benchmark's national dataset) keeps working as the models grow: a new
NOT NULL column without a value stops it, and `make bench` would fail hours later."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from followup.models import Answer, Assessment
from oslo_procurement.accounts.models import User
from suppliers.models import Supplier, SupplierMembership
from tests import needs


@pytest.mark.django_db(transaction=True)
def test_seed_scale_fills_a_small_country_whose_pages_open(client):
    needs.postgresql()  # it writes with PostgreSQL COPY
    call_command("seed_scale", "--suppliers", "100", stdout=io.StringIO())
    assert Supplier.objects.count() == 100  # two buyers of 50
    assert SupplierMembership.objects.count() == 2  # the first supplier of each of the two buyers
    scored = Assessment.objects.filter(status=Assessment.Status.ACCEPTED)
    assert scored.exists() and not scored.filter(score__isnull=True).exists()
    assert Answer.objects.filter(assessment__in=scored).exists()
    client.force_login(User.objects.get(email="officer-0000@bench.invalid"))
    for url in (reverse("reports:dashboard"), reverse("suppliers:list")):
        assert client.get(url).status_code == 200
