"""The migration that gives every criterion an owner makes today's catalogue Oslo's and
keeps every record and history row; with no buyer at all the catalogue stays national.
Run on a database seeded by seed_demo (brought back to the migration before), and on an
empty database built up to it (tests/old_schema.py)."""

import pytest
from django.core.management import call_command

from tests.old_schema import back_to_latest, database_at, migrated_back_to, migrated_to

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.heavy]

BEFORE = [("criteria", "0002_version_overlap_rule"), ("contracts", "0004_standards_publish_open_data")]
AFTER = [("criteria", "0004_catalogue_to_oslo")]


@pytest.fixture(autouse=True)
def back_to_the_latest_migrations():
    yield
    back_to_latest()


def _rows(apps):
    return {
        name: sorted(apps.get_model("criteria", name).objects.values_list("pk", flat=True))
        for name in ("Criterion", "CriterionVersion", "HistoricalCriterion", "HistoricalCriterionVersion")
    }


def test_the_seeded_catalogue_becomes_oslos_with_every_record_and_history_row(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("seed_demo", verbosity=0)
    # Before this feature codes were unique in the one catalogue: give Oslo's adoption of the
    # national clause its own code, so the database can go back to that schema.
    from criteria.models import Criterion

    adopted = Criterion.objects.filter(adopted_from__isnull=False)
    Criterion.history.filter(id__in=adopted.values("pk")).update(code="OSLO-CLA-9")
    adopted.update(code="OSLO-CLA-9")
    old = migrated_back_to(BEFORE)
    # Before the migration there is one catalogue, with no owner (the seed's national rows too).
    before = _rows(old)
    assert before["Criterion"] and before["HistoricalCriterion"]
    oslo = old.get_model("contracts", "Buyer").objects.get(name="Oslo kommune")
    # A second buyer (seed_demo makes Bergen kommune since the sharing demo): not the owner.
    old.get_model("contracts", "Buyer").objects.get_or_create(name="Bergen kommune", defaults={"country": "NO"})

    new = migrated_to(AFTER)

    assert _rows(new) == before
    criteria = new.get_model("criteria", "Criterion")
    assert set(criteria.objects.values_list("owner_id", flat=True)) == {oslo.pk}
    assert set(new.get_model("criteria", "HistoricalCriterion").objects.values_list("owner_id", flat=True)) == {oslo.pk}
    assert criteria.objects.filter(code="CLA-1", owner_id=oslo.pk).exists()


def test_with_no_buyer_the_catalogue_stays_national():
    old = database_at(BEFORE)
    criterion = old.get_model("criteria", "Criterion").objects.create(code="SA-1", kind="self_assessment", oecd_step=2)

    new = migrated_to(AFTER)

    assert new.get_model("criteria", "Criterion").objects.get(pk=criterion.pk).owner_id is None


def test_on_seed_scale_data_every_record_and_history_row_is_kept():
    """The benchmark's national dataset (seed_scale: many buyers, national synthetic
    criteria) through the migration: no row lost, each criterion owned by one buyer."""
    import io

    from tests import needs

    needs.postgresql()
    call_command("seed_scale", "--suppliers", "100", stdout=io.StringIO())
    old = migrated_back_to(BEFORE)
    before = _rows(old)
    assert before["Criterion"] and before["CriterionVersion"]
    buyers = old.get_model("contracts", "Buyer").objects.order_by("created_at", "pk")
    assert buyers.count() > 1 and not buyers.filter(name__icontains="oslo").exists()

    new = migrated_to(AFTER)

    assert _rows(new) == before
    # No buyer is Oslo: the catalogue goes to the first buyer created (the migration's rule).
    owners = set(new.get_model("criteria", "Criterion").objects.values_list("owner_id", flat=True))
    assert owners == {buyers.first().pk}
