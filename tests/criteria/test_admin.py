import pytest

from criteria.catalogue import seed_catalogue
from criteria.models import Criterion, CriterionVersion

pytestmark = pytest.mark.django_db

Status = CriterionVersion.Status


@pytest.fixture
def admin_client_seeded(client, administrator):
    seed_catalogue(actor=administrator)
    client.force_login(administrator)
    return client


def test_admin_pages_open(admin_client_seeded):
    criterion = Criterion.objects.get(code="CLA-1")
    version = criterion.versions.get(version=2)
    for url in (
        "/admin/criteria/criterion/",
        f"/admin/criteria/criterion/{criterion.pk}/change/",
        f"/admin/criteria/criterion/{criterion.pk}/history/",
        "/admin/criteria/criterionversion/",
        f"/admin/criteria/criterionversion/{version.pk}/change/",
        "/admin/criteria/iloinstrument/",
        "/admin/criteria/iloinstrumentset/",
    ):
        assert admin_client_seeded.get(url).status_code == 200, url


def test_admin_changes_status_only_through_the_services(admin_client_seeded, administrator):
    active = CriterionVersion.objects.get(criterion__code="SA-1", status=Status.ACTIVE)

    response = admin_client_seeded.post(
        "/admin/criteria/criterionversion/", {"action": "retire", "_selected_action": [active.pk]}
    )

    assert response.status_code == 302
    active.refresh_from_db()
    assert active.status == Status.RETIRED and active.effective_to is not None
    assert active.history.first().history_user == administrator
    # A version that is not a draft shows its wording read-only.
    page = admin_client_seeded.get(f"/admin/criteria/criterionversion/{active.pk}/change/").content.decode()
    assert 'name="text_en"' not in page
