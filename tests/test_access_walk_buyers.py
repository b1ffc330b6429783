"""Issue 14: the permission walk with two buyers and two suppliers.

The world of tests/test_access_walk.py belongs to buyer A (Oslo) and supplier A. Every URL
pattern with an id is called, GET and POST, with the ids of those records, as buyer B's
(Bergen's) officer, manager and administrator, and as supplier A's and supplier B's users.

- No write succeeds across buyers: after all the POSTs of one role the database holds the
  same rows as before (every model and its history, the outbox included; only the audit
  log of the refusals and the sessions may grow).
- Reads succeed exactly where the one rule says (suppliers.access): buyer B has no
  relation with supplier A here, so its evidence, CMRT reports and shared items answer
  404; buyer A's records answer 404; the shared supplier registry reads 200, without
  supplier A's files.

Buyer B's administrator is a buyer's administrator (back office, no superuser): the
installation's own pages (the outbox, the jobs) answer 403. What supplier A shares with
buyer B is read by B exactly, and only until it is withdrawn.

A new URL with an id needs an entry in test_access_walk.OBJECTS, and its kind an
expectation below (EXPECTED_GET), or this suite fails. The API is walked with each token
in tests/api/test_api_walk.py (two buyers, shared items included)."""

import pytest
from django.apps import apps
from django.db.models import Max
from django.test import Client
from django.urls import reverse

from oslo_procurement.accounts.models import User

from . import factories as f
from . import test_access_walk as walk
from .conftest import client_for
from .test_access_walk import BUYER_SCOPED, OBJECTS, _url, app_urls

world = walk.world  # buyer A's world: the same fixture as the walk of one buyer

# What buyer B's staff GET on a page of buyer A's world, by the kind of the id in the URL
# (for the pages of access class "staff"; write-only pages are 403 for a manager and
# refused for the others). Every kind of OBJECTS must be here.
EXPECTED_GET = {
    **{kind: 404 for kind in BUYER_SCOPED},
    # The buyer's report runs, subscriptions and deliveries.
    **{kind: 404 for kind in ("report_run", "report_subscription", "report_recipient", "report_delivery")},
    # The supplier registry is shared by every buyer: its pages read, without the files.
    "supplier": 200,
    "site": 200,
    # The one reading rule: no relation with supplier A, nothing shared with buyer B.
    "evidence": 404,
    "cmrt_report": 404,
    "cmrt_upload": 404,
    # A spreadsheet import waiting for confirmation: only the person who uploaded it.
    "supplier_import": 404,
    # Records with no staff page (only writes, or portal pages).
    "contact": None,
    "membership": None,
    "invitation": None,
    "factory_disclosure": None,
    "api_token": None,
    "failed_email": None,
    # Published open data.
    "buyer": 200,
    "open_agreement": 200,
}
# The criteria catalogue (criterion, version) is owned per buyer (criteria.access): buyer A's
# criterion in the world is not published, so buyer B's staff neither read nor change it.
CATALOGUE_EXPECTED_GET = {"criterion": 404, "version": 404}
EXPECTED_GET.update(CATALOGUE_EXPECTED_GET)

# Models whose rows a refused request may add (the audit of the refusal, the session).
_NOT_A_WRITE = {"audit.auditevent", "sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def fingerprint(own_buyer=None):
    """Row count and newest change of every table: equal before and after means nothing
    was written. Rows of ``own_buyer`` (the walking buyer's own records, such as its risk
    figure of a supplier) are left out: writing those is its right."""
    result = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in _NOT_A_WRITE or not model._meta.managed:
            continue
        qs = model._default_manager.all()
        if hasattr(qs, "active") and hasattr(model, "all_objects"):
            qs = model.all_objects.all()
        fields = {field.name for field in model._meta.concrete_fields}
        if own_buyer is not None and "buyer" in fields:
            qs = qs.exclude(buyer=own_buyer)
        stamp = qs.aggregate(latest=Max("updated_at"))["latest"] if "updated_at" in fields else None
        result[label] = (qs.count(), stamp)
    return result


def _diff(before, after):
    return {label: (before[label], after[label]) for label in before if before[label] != after[label]}


def _id_urls():
    return [(name, entry) for name, entry in app_urls() if "public_id" in entry.pattern.converters]


def _staff_of_b(role):
    buyer_b = f.BuyerFactory(name=f"Bergen kommune ({role})")
    user = f.UserFactory(email=f"{role}@bergen.example", role=role, full_name=f"{role} Bergen")
    f.BuyerMembershipFactory(user=user, buyer=buyer_b)
    if role == User.Role.ADMIN:  # a buyer's administrator: the back office, not the installation's rights
        user.is_staff = True
        user.save()
    return user


def _evidence_reminder(world):
    """The reminder to supplier A that its evidence expires (for no buyer in particular)."""
    from oslo_procurement.notifications.models import Notification
    from oslo_procurement.notifications.services import content_type_id
    from suppliers.models import Evidence, Supplier

    return Notification.objects.create(
        recipient_email="user@alpha.example",
        language="en",
        kind="evidence_expiring",
        due_step="-30",
        subject="A document expires",
        body_text="x",
        about_type_id=content_type_id(Supplier),
        about_id=world["supplier"].pk,
        item_type_id=content_type_id(Evidence),
        item_id=world["evidence"].pk,
        item_label=world["evidence"].title,
    )


def test_every_kind_of_id_has_a_cross_buyer_expectation():
    kinds = {OBJECTS[name] for name, _entry in _id_urls()}
    assert kinds - set(EXPECTED_GET) == set(), "add these kinds to EXPECTED_GET"


@pytest.mark.parametrize("role", [User.Role.OFFICER, User.Role.MANAGER, User.Role.ADMIN, "superuser"])
def test_another_buyers_staff_read_only_what_the_rule_allows_and_change_nothing(world, role):
    """ "superuser": buyer B's administrator who is also an installation administrator reads
    the installation's pages, and is still buyer B's staff everywhere else: buyer A's
    records and supplier A's files answer as for any of buyer B's staff."""
    installation_admin = role == "superuser"
    user = _staff_of_b(User.Role.ADMIN if installation_admin else role)
    if installation_admin:
        user.is_superuser = True
        user.save()
    own_buyer = user.buyer_membership.buyer
    client = client_for(Client(), user)
    _evidence_reminder(world)
    supplier_page = client.get(world["supplier"].get_absolute_url()).content.decode()
    assert world["evidence"].title not in supplier_page
    emails_page = client.get(reverse("reminders:supplier", args=[world["supplier"].public_id])).content.decode()
    assert world["evidence"].title not in emails_page  # the reminder naming the document: not buyer B's to read
    cmrt_page = client.get(reverse("cmrt:supplier_reports", args=[world["supplier"].public_id])).content.decode()
    assert world["cmrt_upload"].file_name not in cmrt_page  # an upload being read: not buyer B's to follow

    wrong = []
    for name, entry in _id_urls():
        kind = OBJECTS[name]
        access = entry.callback.access
        status = client.get(_url(name, entry, world)).status_code
        expected = EXPECTED_GET[kind]
        if access in ("staff", "staff_report") and expected is not None and status != expected:
            wrong.append((name, "GET", status, expected))
        if access == "portal" and status != 403:
            wrong.append((name, "GET", status, 403))
        # The installation's pages (the outbox, the jobs): 403, or POST-only (405) for its administrator.
        # A buyer's own administrator pages (the team): 403 for B's officer and manager; B's
        # administrator passes the role check and meets POST-only (405) or A's record (404).
        if access == "admin":
            if name.startswith("notifications:"):
                admin_expected = {405} if installation_admin else {403}
            else:
                admin_expected = {404, 405} if role in (User.Role.ADMIN, "superuser") else {403}
            if status not in admin_expected:
                wrong.append((name, "GET", status, admin_expected))
    assert wrong == []

    before = fingerprint(own_buyer)
    refused = []
    for name, entry in _id_urls():
        if entry.callback.access in ("public", "portal"):
            continue
        status = client.post(_url(name, entry, world), {"name": "x", "legal_name": "x", "title": "x"}).status_code
        if status >= 500:
            refused.append((name, status))
    assert refused == []
    changed = _diff(before, fingerprint(own_buyer))
    assert sorted(changed) == [], changed


def test_another_buyers_staff_change_nothing_in_the_catalogue(world):
    """Every page of buyer A's criteria and versions, posted to by buyer B's officer: nothing
    in the catalogue (or anywhere else) changes."""
    client = client_for(Client(), _staff_of_b(User.Role.OFFICER))
    before = fingerprint()
    for name, entry in _id_urls():
        if OBJECTS[name] in CATALOGUE_EXPECTED_GET and entry.callback.access not in ("public", "portal"):
            client.post(_url(name, entry, world), {"name": "x", "title": "x"})
    assert _diff(before, fingerprint()) == {}


@pytest.mark.parametrize("who", ["supplier_a_user", "supplier_b_user"])
def test_suppliers_change_nothing_of_a_buyer_or_another_supplier(world, who, request):
    user = request.getfixturevalue(who)
    client = client_for(Client(), user)
    before = fingerprint()
    for name, entry in _id_urls():
        access = entry.callback.access
        if access == "public":
            continue
        response = client.post(_url(name, entry, world))
        if access == "user":  # the user's own records (API tokens): another's is 404
            assert response.status_code == 404, name
        elif access != "portal":
            assert response.status_code == 403, name
        elif who == "supplier_b_user":
            assert response.status_code == 404, name
    if who == "supplier_b_user":
        assert _diff(before, fingerprint()) == {}


def test_what_supplier_a_shares_with_buyer_b_is_read_exactly_and_only_until_withdrawn(world, supplier_b_user):
    """Reads succeed exactly where the one rule says: supplier A shares its self-assessment,
    its CMRT and its evidence with buyer B (no relation). B's staff then read those three
    (200) and still nothing else of A's (its upload, buyer A's round and the share to buyer
    A: 404), change nothing (buyer A's round cannot take the answer), and after the
    withdrawal read none of them. Supplier B cannot withdraw A's share."""
    from django.utils import timezone

    from followup.models import SupplierShare

    officer = _staff_of_b(User.Role.OFFICER)
    buyer_b = officer.buyer_membership.buyer
    shares = [
        SupplierShare.objects.create(
            supplier=world["supplier"], buyer=buyer_b, kind=kind, shared_at=timezone.now(), **{field: world[key]}
        )
        for kind, field, key in (
            ("assessment", "assessment", "assessment"),
            ("cmrt", "cmrt_report", "cmrt_report"),
            ("evidence", "evidence", "evidence"),
        )
    ]
    readable = [
        reverse("sharing:assessment", args=[shares[0].public_id]),
        reverse("cmrt:report_detail", args=[world["cmrt_report"].public_id]),
        reverse("suppliers:evidence_download", args=[world["evidence"].public_id]),
    ]
    not_readable = [
        reverse("cmrt:upload_status", args=[world["cmrt_upload"].public_id]),
        reverse("sharing:assessment", args=[world["supplier_share"].public_id]),  # shared with buyer A
        reverse("followup:assessment_review", args=[world["assessment"].public_id]),  # buyer A's round
    ]
    for user in (officer, _staff_of_b(User.Role.MANAGER), _staff_of_b(User.Role.ADMIN)):
        if user.buyer_membership.buyer != buyer_b:  # the manager and the administrator of buyer B too
            user.buyer_membership.buyer = buyer_b
            user.buyer_membership.save()
        client = client_for(Client(), user)
        assert [client.get(url).status_code for url in readable] == [200, 200, 200], user.role
        assert [client.get(url).status_code for url in not_readable] == [404, 404, 404], user.role
    client = client_for(Client(), officer)
    supplier_page = client.get(world["supplier"].get_absolute_url()).content.decode()
    assert world["evidence"].title in supplier_page and "Shared with you" in supplier_page

    before = fingerprint(buyer_b)
    assert client.post(reverse("sharing:accept", args=[world["assessment"].public_id])).status_code == 404
    supplier_b = client_for(Client(), supplier_b_user)
    for share in shares:
        assert supplier_b.post(reverse("portal_sharing:withdraw", args=[share.public_id])).status_code == 404
    assert _diff(before, fingerprint(buyer_b)) == {}

    SupplierShare.objects.filter(pk__in=[s.pk for s in shares]).update(withdrawn_at=timezone.now())
    assert [client.get(url).status_code for url in readable] == [404, 404, 404]
