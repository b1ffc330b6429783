"""Each buyer owns its criteria catalogue; the national catalogue is kept by the
installation's administrators and adopted by buyers (criteria/access.py)."""

import datetime

import pytest
from django.urls import reverse

from criteria.models import Criterion, CriterionVersion
from oslo_procurement.accounts.models import User
from tests.conftest import client_for
from tests.factories import (
    AgreementFactory,
    AwardFactory,
    BuyerMembershipFactory,
    CriterionFactory,
    CriterionVersionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Status = CriterionVersion.Status
D = datetime.date


def _staff_of(buyer, role, email, **extra):
    user = UserFactory(email=email, role=role, full_name=f"{role} of {buyer}", **extra)
    BuyerMembershipFactory(user=user, buyer=buyer)
    return user


@pytest.fixture
def bergen_staff(other_buyer):
    """Bergen's officer, manager and administrator (a buyer's administrator, not the installation's)."""
    return [
        _staff_of(other_buyer, User.Role.OFFICER, "officer@bergen.example"),
        _staff_of(other_buyer, User.Role.MANAGER, "manager@bergen.example"),
        _staff_of(other_buyer, User.Role.ADMIN, "admin@bergen.example", is_staff=True),
    ]


@pytest.fixture
def installation_admin(db):
    """A superuser who works for no buyer: keeps the national catalogue."""
    return UserFactory(
        email="root@installation.example", role=User.Role.ADMIN, is_staff=True, is_superuser=True, full_name="Root"
    )


@pytest.fixture
def oslo_clause(buyer):
    """Oslo's clause: active v1 and a draft v2."""
    criterion = CriterionFactory(code="CLA-1", owner=buyer)
    active = CriterionVersionFactory(criterion=criterion, version=1, effective_from=D(2022, 1, 1))
    draft = CriterionVersionFactory(
        criterion=criterion, version=2, status=Status.DRAFT, effective_from=D(2027, 1, 1), title_en="Draft wording"
    )
    return criterion, active, draft


@pytest.fixture
def national_clause():
    """The national clause: retired v1, active v2."""
    criterion = CriterionFactory(code="DFO-CLA-1", owner=None)
    v1 = CriterionVersionFactory(
        criterion=criterion,
        version=1,
        status=Status.RETIRED,
        effective_from=D(2020, 1, 1),
        effective_to=D(2023, 1, 1),
        title_en="National clause, first wording",
    )
    v2 = CriterionVersionFactory(
        criterion=criterion, version=2, effective_from=D(2023, 1, 1), title_en="National clause, second wording"
    )
    return criterion, v1, v2


def _write_requests(criterion, active, draft):
    """Every screen that changes a criterion, as (method, url, data)."""
    version_data = {
        "title_nb": "Endret",
        "title_en": "Changed",
        "text_nb": "Endret",
        "text_en": "Changed",
        "effective_from": "2027-01-01",
    }
    return [
        ("get", reverse("criteria:edit", args=[criterion.public_id]), None),
        ("post", reverse("criteria:edit", args=[criterion.public_id]), {"code": "HACK", "kind": "selection"}),
        ("post", reverse("criteria:archive", args=[criterion.public_id]), {}),
        ("post", reverse("criteria:restore", args=[criterion.public_id]), {}),
        ("post", reverse("criteria:version_create", args=[criterion.public_id]), {}),
        ("get", reverse("criteria:version_edit", args=[draft.public_id]), None),
        ("post", reverse("criteria:version_edit", args=[draft.public_id]), version_data),
        ("post", reverse("criteria:version_activate", args=[draft.public_id]), {}),
        ("post", reverse("criteria:version_retire", args=[active.public_id]), {"effective_to": "2026-01-01"}),
    ]


def _snapshot():
    return (
        list(Criterion.objects.order_by("pk").values_list("code", "archived_at")),
        list(CriterionVersion.objects.order_by("pk").values_list("version", "status", "title_en", "effective_to")),
        Criterion.history.count(),
        CriterionVersion.history.count(),
    )


@pytest.mark.parametrize("published", [False, True])
def test_another_buyers_staff_change_nothing_in_oslos_catalogue(client, oslo_clause, bergen_staff, published):
    criterion, active, draft = oslo_clause
    Criterion.objects.filter(pk=criterion.pk).update(published=published)
    before = _snapshot()

    for user in bergen_staff:
        client_for(client, user)
        for method, url, data in _write_requests(criterion, active, draft):
            response = getattr(client, method)(url, data) if data is not None else client.get(url)
            assert response.status_code in (403, 404), (user.email, method, url, response.status_code)
            if not published:
                assert response.status_code == 404 or user.role == User.Role.MANAGER, (user.email, url)

    assert _snapshot() == before


def test_an_unpublished_catalogue_is_invisible_to_other_buyers(client, oslo_clause, bergen_staff):
    criterion, active, _draft = oslo_clause
    client_for(client, bergen_staff[0])

    assert client.get(criterion.get_absolute_url()).status_code == 404
    assert client.get(active.get_absolute_url()).status_code == 404
    assert "CLA-1" not in client.get(reverse("criteria:list")).content.decode()


def test_a_published_criterion_is_read_by_other_buyers_without_its_drafts(client, buyer, oslo_clause, bergen_staff):
    criterion, active, draft = oslo_clause
    Criterion.objects.filter(pk=criterion.pk).update(published=True)
    client_for(client, bergen_staff[0])

    page = client.get(criterion.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "Oslo kommune" in html and "Human rights in the supply chain" in html
    assert "Draft wording" not in html and reverse("criteria:edit", args=[criterion.public_id]) not in html
    assert client.get(draft.get_absolute_url()).status_code == 404
    listed = client.get(reverse("criteria:list"), {"catalogue": "others"}).content.decode()
    assert "CLA-1" in listed and "Oslo kommune" in listed
    assert "Draft in progress" not in listed  # Oslo's work in progress is not even hinted at
    # Nor does the list's search read the draft: searching its wording finds nothing.
    searched = client.get(reverse("criteria:list"), {"catalogue": "others", "search": "Draft wording"}).content.decode()
    assert criterion.get_absolute_url() not in searched
    assert criterion.get_absolute_url() in client.get(reverse("criteria:list"), {"search": "CLA-1"}).content.decode()


def test_oslo_officer_cannot_change_the_national_catalogue(officer_client, national_clause):
    criterion, _v1, v2 = national_clause
    before = _snapshot()

    assert officer_client.get(reverse("criteria:edit", args=[criterion.public_id])).status_code == 403
    response = officer_client.post(reverse("criteria:version_retire", args=[v2.public_id]), {})
    assert response.status_code == 403
    assert officer_client.post(reverse("criteria:version_create", args=[criterion.public_id])).status_code == 403
    assert _snapshot() == before


def test_the_installation_administrator_keeps_the_national_catalogue(client, installation_admin, national_clause):
    criterion, _v1, _v2 = national_clause
    client_for(client, installation_admin)

    response = client.post(reverse("criteria:version_create", args=[criterion.public_id]))
    assert response.status_code == 302
    assert criterion.versions.filter(version=3, status=Status.DRAFT).exists()

    response = client.post(
        reverse("criteria:create"),
        {
            "code": "DFO-SA-9",
            "kind": "self_assessment",
            "oecd_step": "2",
            "title_nb": "Ny",
            "title_en": "New",
            "text_nb": "Ny",
            "text_en": "New",
            "effective_from": "2026-01-01",
        },
    )
    assert response.status_code == 302
    assert Criterion.objects.get(code="DFO-SA-9").owner is None


def test_a_new_criterion_goes_into_the_officers_own_catalogue(officer_client, buyer, other_buyer):
    CriterionFactory(code="SEL-9", owner=other_buyer)  # the same code in Bergen's catalogue is no clash
    data = {
        "code": "SEL-9",
        "kind": "selection",
        "oecd_step": "1",
        "title_nb": "T",
        "title_en": "T",
        "text_nb": "T",
        "text_en": "T",
        "effective_from": "2026-01-01",
    }

    response = officer_client.post(reverse("criteria:create"), data)

    assert response.status_code == 302
    assert Criterion.objects.get(code="SEL-9", owner=buyer).versions.count() == 1


def test_adopting_a_national_version_copies_it_with_its_source_and_history(
    officer_client, officer, buyer, national_clause
):
    national, _v1, v2 = national_clause

    page = officer_client.get(national.get_absolute_url()).content.decode()
    assert "Adopt version 2 into our catalogue" in page
    response = officer_client.post(reverse("criteria:version_adopt", args=[v2.public_id]))

    adopted = Criterion.objects.get(owner=buyer, adopted_from=national)
    copy = adopted.versions.get()
    assert response.status_code == 302 and response.url == copy.get_absolute_url()
    assert (adopted.code, copy.status, copy.adopted_from, copy.title_en) == (
        "DFO-CLA-1",
        Status.DRAFT,
        v2,
        "National clause, second wording",
    )
    entry = copy.history.get()
    assert entry.history_user == officer and "Adopted from the national catalogue" in entry.history_change_reason
    detail = officer_client.get(adopted.get_absolute_url()).content.decode()
    assert "Adopted from" in detail and "Adopted from the national catalogue: DFO-CLA-1 v2" in detail

    again = officer_client.post(reverse("criteria:version_adopt", args=[v2.public_id]), follow=True)
    assert "is a draft" in again.content.decode() or "already has" in again.content.decode()
    assert adopted.versions.count() == 1


def test_a_manager_cannot_adopt(manager_client, buyer, national_clause):
    _national, _v1, v2 = national_clause

    assert manager_client.post(reverse("criteria:version_adopt", args=[v2.public_id])).status_code == 403
    assert not Criterion.objects.filter(owner=buyer).exists()


def test_a_newer_national_version_is_flagged_and_adopted_as_the_next_version(officer_client, buyer, national_clause):
    national, v1, v2 = national_clause
    adopted = CriterionFactory(code="DFO-CLA-1", owner=buyer, adopted_from=national)
    own_v1 = CriterionVersionFactory(criterion=adopted, version=1, effective_from=D(2021, 1, 1), adopted_from=v1)
    award = AwardFactory(agreement=AgreementFactory(buyer=buyer))
    award.criteria_versions.set([own_v1])

    listed = officer_client.get(reverse("criteria:list")).content.decode()
    assert "Newer national version 2" in listed
    detail = officer_client.get(adopted.get_absolute_url()).content.decode()
    assert "A newer national version exists: DFO-CLA-1 v2" in detail
    assert reverse("criteria:version_adopt", args=[v2.public_id]) in detail

    officer_client.post(reverse("criteria:version_adopt", args=[v2.public_id]))
    own_v2 = adopted.versions.get(version=2)
    assert (own_v2.status, own_v2.adopted_from) == (Status.DRAFT, v2)
    officer_client.post(reverse("criteria:version_activate", args=[own_v2.public_id]))
    own_v2.refresh_from_db()
    assert own_v2.status == Status.ACTIVE

    assert "Newer national version" not in officer_client.get(reverse("criteria:list")).content.decode()
    assert "A newer national version exists" not in officer_client.get(adopted.get_absolute_url()).content.decode()
    # The award keeps the version it was signed with.
    assert list(award.criteria_versions.all()) == [own_v1]


def test_an_award_cannot_be_signed_with_another_buyers_criterion(buyer, other_buyer, officer):
    from django.core.exceptions import ValidationError

    from contracts.services import award_validate

    bergen_version = CriterionVersionFactory(criterion__owner=other_buyer, effective_from=D(2020, 1, 1))
    award = AwardFactory.build(agreement=AgreementFactory(buyer=buyer), signed_on=D(2024, 1, 1))

    with pytest.raises(ValidationError) as refused:
        award_validate(award=award, lots=[], criteria_versions=[bergen_version])
    assert "another buyer's catalogue" in str(refused.value.message_dict["criteria_versions"])


def test_the_api_lists_only_what_the_rule_lets_the_token_read(
    client, officer, other_officer, oslo_clause, national_clause
):
    from oslo_procurement.api.services import token_create

    keys = {user: token_create(user=user, name="Catalogue")[1] for user in (officer, other_officer)}

    def codes(user):
        key = keys[user]
        response = client.get(reverse("api:criterion-list"), HTTP_AUTHORIZATION=f"Token {key}")
        return {row["code"]: row["national"] for row in response.json()["results"]}

    assert codes(officer) == {"CLA-1": False, "DFO-CLA-1": True}
    assert codes(other_officer) == {"DFO-CLA-1": True}  # Oslo's catalogue is not published
    Criterion.objects.filter(code="CLA-1").update(published=True)
    assert codes(other_officer) == {"CLA-1": False, "DFO-CLA-1": True}


def test_the_owner_publishes_a_criterion_to_other_buyers(officer_client, client, oslo_clause, other_officer):
    criterion, _active, _draft = oslo_clause

    response = officer_client.post(
        reverse("criteria:edit", args=[criterion.public_id]),
        {"code": "CLA-1", "kind": "contract_clause", "oecd_step": "1", "published": "on"},
    )

    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.published
    assert client_for(client, other_officer).get(criterion.get_absolute_url()).status_code == 200


def test_the_seeded_catalogue_is_oslos_beside_a_national_one_with_a_newer_version(officer_client, officer, buyer):
    from criteria.catalogue import seed_catalogue

    seed_catalogue(actor=officer, owner=buyer)

    assert Criterion.objects.filter(owner=buyer, code="CLA-1").exists()
    assert set(Criterion.objects.filter(owner__isnull=True).values_list("code", flat=True)) == {
        "DFO-CLA-1",
        "DFO-SA-1",
    }
    adopted = Criterion.objects.get(owner=buyer, code="DFO-CLA-1")
    assert adopted.versions.get().adopted_from.version == 1
    html = officer_client.get(adopted.get_absolute_url()).content.decode()
    assert "A newer national version exists: DFO-CLA-1 v2" in html


def test_the_back_office_follows_the_same_rule(bergen_staff, installation_admin, oslo_clause, national_clause):
    from django.contrib.admin.sites import site
    from django.contrib.auth.models import Permission
    from django.test import RequestFactory

    criterion, active, _draft = oslo_clause
    national, _v1, _v2 = national_clause
    bergen_admin = bergen_staff[2]
    bergen_admin.user_permissions.set(Permission.objects.filter(content_type__app_label="criteria"))
    bergen_admin = User.objects.get(pk=bergen_admin.pk)  # fresh permission cache

    def may_change(user, model, obj):
        request = RequestFactory().get("/admin/")
        request.user = user
        return site._registry[model].has_change_permission(request, obj)

    assert not may_change(bergen_admin, Criterion, criterion)
    assert not may_change(bergen_admin, CriterionVersion, active)
    assert not may_change(bergen_admin, Criterion, national)
    assert may_change(installation_admin, Criterion, national)


def test_the_back_office_actions_and_lists_follow_the_same_rule(
    client, settings, bergen_staff, oslo_clause, national_clause
):
    """Bergen's administrator with back-office access and every criteria permission: the
    back office is the installation administrators' only (accounts.access.back_office_allowed),
    so the changelist's "Retire"/"Activate" actions posted with Oslo's and the national
    versions change none of them, the lists send Bergen to the back office's login, and
    Oslo's ILO set is not changed either."""
    from django.contrib.auth.models import Permission

    settings.OTP_REQUIRED_FOR_STAFF = False  # the back office's own rule, not under test here
    criterion, active, draft = oslo_clause
    _national, _v1, national_v2 = national_clause
    bergen_admin = bergen_staff[2]
    bergen_admin.user_permissions.set(Permission.objects.filter(content_type__app_label="criteria"))
    bergen = client_for(client, bergen_admin)
    changelist = reverse("admin:criteria_criterionversion_changelist")
    for action, versions in (("retire", [active, national_v2]), ("activate", [draft])):
        bergen.post(changelist, {"action": action, "_selected_action": [v.pk for v in versions]})
    assert sorted(
        CriterionVersion.objects.filter(pk__in=[active.pk, national_v2.pk, draft.pk]).values_list("pk", "status")
    ) == sorted([(active.pk, Status.ACTIVE), (national_v2.pk, Status.ACTIVE), (draft.pk, Status.DRAFT)])
    for page in (changelist, reverse("admin:criteria_criterion_changelist")):
        response = bergen.get(page)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    # Oslo's own ILO set: neither listed nor changed by Bergen's back office.
    from criteria.models import IloInstrumentSet

    oslo_set = IloInstrumentSet.objects.create(
        code="oslo-core", owner=criterion.owner, name_nb="Oslos", name_en="Oslo's", valid_from=D(2024, 1, 1)
    )
    change = reverse("admin:criteria_iloinstrumentset_change", args=[oslo_set.pk])
    bergen.post(change, {"code": "oslo-core", "name_nb": "Bergens", "name_en": "x", "valid_from": "2024-01-01"})
    oslo_set.refresh_from_db()
    assert oslo_set.name_nb == "Oslos"


def test_the_adoption_pages_are_valid_html(officer_client, buyer, national_clause, tmp_path):
    from tests.test_html_valid import check

    national, v1, v2 = national_clause
    adopted = CriterionFactory(code="DFO-CLA-1", owner=buyer, adopted_from=national)
    own_v1 = CriterionVersionFactory(criterion=adopted, version=1, effective_from=D(2021, 1, 1), adopted_from=v1)
    files = []
    for n, url in enumerate(
        [
            reverse("criteria:list"),
            national.get_absolute_url(),
            v2.get_absolute_url(),
            adopted.get_absolute_url(),
            own_v1.get_absolute_url(),
        ]
    ):
        response = officer_client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"page-{n}.html"
        path.write_bytes(response.content)
        files.append(path)

    assert check(files) == {}
