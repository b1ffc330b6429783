import pytest

from tests import factories as f
from tests.conftest import client_for
from tests.old_schema import back_to_latest


@pytest.fixture
def agreement(buyer):
    return f.AgreementFactory(buyer=buyer, reference="2026/0001", title="PCs, thin clients, monitors and tablets")


@pytest.fixture
def lot(agreement):
    return f.LotFactory(agreement=agreement, number=1, title="PCs and laptops")


@pytest.fixture
def award(agreement, lot, supplier_a):
    award = f.AwardFactory(agreement=agreement, supplier=supplier_a)
    award.lots.set([lot])
    return award


@pytest.fixture
def entity(buyer):
    return f.CityEntityFactory(buyer=buyer, name="Bydel Frogner")


@pytest.fixture
def other_officer_client(client, other_officer):
    return client_for(client, other_officer)


@pytest.fixture
def back_to_the_latest_migrations():
    """For a data migration's test: the latest schema again afterwards, as other tests expect."""
    yield
    back_to_latest()
