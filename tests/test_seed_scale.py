"""seed_scale (the benchmark's national dataset) keeps working as the models grow: a new
NOT NULL column without a value stops it, and `make bench` would fail hours later."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP

from followup.management.commands.seed_scale import BENCH_PASSWORD, bench_totp_key
from followup.models import Answer, Assessment
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
    # The officer logs in as the benchmark does: password, then the code of the seeded key.
    email = "officer-0000@bench.invalid"
    response = client.post(reverse("accounts:login"), {"username": email, "password": BENCH_PASSWORD})
    assert response.status_code == 302
    code = f"{TOTP(bytes.fromhex(bench_totp_key(email))).token():06d}"
    response = client.post(reverse("accounts:two_factor_verify"), {"code": code})
    assert response.status_code == 302
    for url in (reverse("reports:dashboard"), reverse("suppliers:list")):
        assert client.get(url).status_code == 200
    # Every seeded supplier's award is in force, written without save(): the flag says so,
    # and the officer's registry list is the buyer's own 50.
    assert not Supplier.objects.filter(has_award=False).exists()
    assert client.get(reverse("suppliers:list")).context["page"].paginator.count == 50
