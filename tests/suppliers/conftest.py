import pytest

from tests.conftest import client_for


@pytest.fixture
def administrator_client(client, administrator):
    """An installation administrator (a superuser), who keeps the shared smelter reference list."""
    return client_for(client, administrator)
