import pytest

from tests import factories as f
from tests.conftest import client_for

from .factories import FindingFactory, link


@pytest.fixture
def agreement(buyer):
    return f.AgreementFactory(buyer=buyer, reference="UKE-2024/0913")


@pytest.fixture
def lot(agreement):
    # DFØ's rating for PCs: very high, very high, high (final assembly)
    return f.LotFactory(agreement=agreement, number=1, title="PCs and laptops", category="pcs")


@pytest.fixture
def award_a(agreement, lot, supplier_a):
    award = f.AwardFactory(agreement=agreement, supplier=supplier_a)
    award.lots.set([lot])
    return award


@pytest.fixture
def finding_a(buyer, supplier_a):
    """A finding of the buyer raised with supplier A only."""
    finding = FindingFactory(buyer=buyer, title="Student interns on night shifts", status="raised")
    link(finding, supplier_a, raised=True)
    return finding


@pytest.fixture
def other_officer_client(client, other_officer):
    return client_for(client, other_officer)


@pytest.fixture
def supplier_b_client(client, supplier_b_user):
    return client_for(client, supplier_b_user)
