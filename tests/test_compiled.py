"""SQL compiled once per process (oslo_procurement.compiled): the template gives each
record's own SQL, and a builder whose SQL depends on more than the records' pks is built
every time, never served from another record's template."""

import pytest
from django.db import connection, connections
from django.db.models import Value
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contracts.models import Buyer, BuyerMembership
from oslo_procurement import compiled
from suppliers.models import Evidence
from tests import factories as f

pytestmark = pytest.mark.django_db


def members(buyer, user):
    return BuyerMembership.objects.filter(buyer=buyer).exclude(user=user).order_by("pk").query.sql_with_params()


def test_the_template_gives_each_records_own_sql(buyer, officer, other_buyer, other_officer):
    first = compiled.compiled_sql("members", members, buyer=buyer, user=officer)
    assert first == members(buyer, officer)
    # Built once: the next call does not run the builder.
    built = []

    def counting(**records):
        built.append(records)
        return members(**records)

    second = compiled.compiled_sql("members", counting, buyer=other_buyer, user=other_officer)
    assert built == []
    assert second[0] == members(other_buyer, other_officer)[0]
    assert list(second[1]) == list(members(other_buyer, other_officer)[1])
    assert list(second[1]) != list(first[1])


def by_name(buyer):
    # Reads a field other than the pk: the stand-in's empty name gives other SQL parameters.
    return Buyer.objects.filter(name=buyer.name).query.sql_with_params()


def by_clock(buyer):
    return Buyer.objects.filter(created_at__lt=timezone.now()).filter(pk=buyer.pk).query.sql_with_params()


@pytest.mark.parametrize("builder", [by_name, by_clock])
def test_a_builder_that_depends_on_more_than_pks_is_built_every_time(builder, buyer, other_buyer):
    for record in (buyer, other_buyer, buyer):
        sql, params = compiled.compiled_sql("b", builder, buyer=record)
        expected_sql, expected = builder(record)
        assert sql == expected_sql
        assert params[-1] == expected[-1]  # the buyer's own name, or its pk
    (value,) = [v for key, v in compiled._templates.items() if key[:2] == ("sql", "b")]
    assert value is compiled._UNCACHEABLE


def memberships(buyer, user):
    return (
        BuyerMembership.objects.filter(buyer=buyer)
        .exclude(user=user)
        .select_related("user", "buyer")
        .annotate(is_buyer=Value(True))
        .order_by("pk")
    )


def test_a_compiled_queryset_gives_the_rows_the_queryset_gives(buyer, officer, manager, other_buyer, other_officer):
    f.BuyerMembershipFactory(buyer=other_buyer, user=f.UserFactory(email="two@bergen.example"))
    f.BuyerMembershipFactory(buyer=other_buyer, user=f.UserFactory(email="three@bergen.example"))
    for record, user, emails in (
        (buyer, officer, ["manager@oslo.example"]),
        (other_buyer, other_officer, ["two@bergen.example", "three@bergen.example"]),
        (buyer, manager, ["officer@oslo.example"]),
    ):
        rows = compiled.compiled_queryset("memberships", memberships, buyer=record, user=user)
        assert rows == list(memberships(record, user))
        # The related objects and annotations come along, from the one statement.
        assert [row.user.email for row in rows] == emails
        assert all(row.buyer == record and row.is_buyer is True for row in rows)
    # Built once: later calls bound their own pks into the stored statement.
    built = []

    def counting(**records):
        built.append(records)
        return memberships(**records)

    with CaptureQueriesContext(connection) as queries:
        rows = compiled.compiled_queryset("memberships", counting, buyer=other_buyer, user=other_officer)
    assert built == [] and len(queries) == 1
    assert [row.user.email for row in rows] == ["two@bergen.example", "three@bergen.example"]


def test_a_compiled_values_queryset_and_one_that_carries_its_own_objects(buyer, officer, other_buyer, other_officer):
    def emails(buyer, user):
        return memberships(buyer, user).values_list("user__email", flat=True)

    for record, user in ((buyer, officer), (other_buyer, other_officer), (buyer, officer)):
        assert compiled.compiled_queryset("emails", emails, buyer=record, user=user) == list(emails(record, user))

    def through_the_related_manager(buyer):
        return buyer.memberships.all()

    def by_name(buyer):
        return BuyerMembership.objects.filter(buyer__name=buyer.name)

    for builder in (through_the_related_manager, by_name):
        for record in (buyer, other_buyer, buyer):
            assert compiled.compiled_queryset(builder.__name__, builder, buyer=record) == list(builder(record))
        (value,) = [v for key, v in compiled._templates.items() if key[:2] == ("queryset", builder.__name__)]
        assert value is compiled._UNCACHEABLE


@pytest.mark.django_db(transaction=True)
def test_a_statement_compiled_in_one_thread_runs_on_another_threads_connection(
    buyer, officer, other_buyer, other_officer
):
    """Threads (a threaded server, the live server of the browser tests) each have their own
    database connection; a stored statement runs on the caller's."""
    import threading

    first = compiled.compiled_queryset("memberships", memberships, buyer=buyer, user=officer)
    answers = []

    def other_thread():
        try:
            answers.append(
                compiled.compiled_queryset("memberships", memberships, buyer=other_buyer, user=other_officer)
            )
        except Exception as exc:  # noqa: BLE001 - the assertion below shows it
            answers.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert first == list(memberships(buyer, officer))
    assert answers == [list(memberships(other_buyer, other_officer))]


def test_compiled_first_gives_the_one_row_or_none(buyer, officer, manager, other_buyer):
    def first(buyer, user):
        return memberships(buyer, user)[:1]

    assert compiled.compiled_first("first", first, buyer=buyer, user=officer).user == manager
    assert compiled.compiled_first("first", first, buyer=other_buyer, user=officer) is None
    assert compiled.compiled_first("first", first, buyer=buyer, user=manager).user == officer


def test_a_public_id_is_bound_like_a_pk(buyer, other_buyer):
    """A UUID (a public id from the URL) stands in like a pk: each lookup finds its own row,
    compiled once, on SQLite (hex strings) as on PostgreSQL (UUIDs); an unknown one finds none."""
    import uuid

    from django.http import Http404

    from suppliers.models import Supplier

    first, second = f.SupplierFactory(legal_name="First AS"), f.SupplierFactory(legal_name="Second AS")
    built = []

    def by_public_id(public_id):
        built.append(public_id)
        return Supplier.objects.filter(public_id=public_id)

    found = [compiled.compiled_get_or_404("t.supplier", by_public_id, public_id=s.public_id) for s in (first, second)]
    assert found == [first, second]
    assert built == [first.public_id, uuid.UUID(int=compiled.SENTINEL)]  # the real build, the stand-in's
    with CaptureQueriesContext(connection) as queries:
        assert compiled.compiled_get_or_404("t.supplier", by_public_id, public_id=first.public_id) == first
    assert len(queries) == 1 and len(built) == 2
    with pytest.raises(Http404):
        compiled.compiled_get_or_404("t.supplier", by_public_id, public_id=uuid.uuid4())
    # With a pk beside it: both bound.
    both = compiled.compiled_first(
        "t.both",
        lambda public_id, buyer: Supplier.objects.filter(public_id=public_id).exclude(pk=buyer),
        public_id=second.public_id,
        buyer=first.pk,
    )
    assert both == second


def test_a_compiled_list_pages_and_counts_as_the_queryset_does(buyer, other_buyer, settings):
    """CompiledList under Django's Paginator: each buyer's own count and pages (the second
    buyer's through the first one's template), past the compiled pages too, with the date the
    key names; the same page objects as the queryset gives."""
    from django.core.paginator import Paginator

    from followup.actions.selectors import action_list
    from tests.followup_research.factories import ActionFactory

    today = timezone.localdate()
    for index in range(7):
        ActionFactory(buyer=buyer, deadline=today + timezone.timedelta(days=index - 3))
    for index in range(2):
        ActionFactory(buyer=other_buyer, deadline=today - timezone.timedelta(days=index + 1))

    def rows(buyer):
        return action_list(buyer=buyer, overdue="yes", on=today)

    compiled.CompiledList.COMPILED_PAGES = 2
    try:
        for record in (buyer, other_buyer, buyer):
            listed = Paginator(compiled.CompiledList(("test.actions", today), rows, buyer=record), 1)
            plain = Paginator(rows(record), 1)
            assert listed.count == plain.count == (2 if record == other_buyer else 3)
            assert listed.object_list.count_at_most(2) == 2  # CappedPaginator's count
            for number in plain.page_range:  # pages 1-2 compiled, page 3 built
                assert list(listed.page(number)) == list(plain.page(number))
                assert [a.overdue for a in listed.page(number)] == [a.overdue for a in plain.page(number)]
        # Built once per key: another buyer's list runs the stored SQL, not the builder.
        built = []
        listed = compiled.CompiledList(
            ("test.actions", today), lambda buyer: built.append(buyer) or rows(buyer), buyer=other_buyer
        )
        assert len(Paginator(listed, 1).page(1)) == 1 and built == []
    finally:
        compiled.CompiledList.COMPILED_PAGES = 10


def _as_read(obj):
    """Everything a page can read of an instance without a query: its field values (deferred
    ones absent), its ``select_related`` objects (recursively), its annotations, its state."""
    if obj is None:
        return None
    values = {name: value for name, value in vars(obj).items() if name != "_state"}
    related = {name: _as_read(value) for name, value in obj._state.fields_cache.items()}
    return type(obj), values, sorted(obj.get_deferred_fields()), obj._state.db, obj._state.adding, related


def evidence_rows(supplier):
    # select_related with an empty foreign key, an annotation, dates and UUIDs to convert, and
    # an ordering the DISTINCT must select (a column that is not part of the rows).
    return (
        Evidence.objects.filter(supplier=supplier)
        .select_related("uploaded_by", "supplier")
        .annotate(one=Value(1))
        .distinct()
        .order_by(Lower("title"), "pk")
    )


def evidence_titles(supplier):
    return (
        Evidence.objects.filter(supplier=supplier)
        .select_related("supplier")
        .only("title", "valid_to", "supplier__legal_name")
        .order_by("title")
    )


def evidence_values(supplier):
    return evidence_rows(supplier).values("public_id", "title", "valid_to", "uploaded_by__email", "one")


def evidence_tuples(supplier):
    return evidence_rows(supplier).values_list("valid_to", "public_id", "uploaded_by__email")


def evidence_flat(supplier):
    return evidence_rows(supplier).values_list("public_id", flat=True)


def test_compiled_instances_are_the_querysets_field_for_field(supplier_a, supplier_b, officer):
    f.EvidenceFactory(supplier=supplier_a, title="b cert", uploaded_by=officer)
    f.EvidenceFactory(supplier=supplier_a, title="A policy", uploaded_by=None, valid_to=None)
    f.EvidenceFactory(supplier=supplier_b, title="C audit", uploaded_by=officer)
    for builder in (evidence_values, evidence_tuples, evidence_flat):  # dates, UUIDs, empty joins, DISTINCT
        for supplier in (supplier_a, supplier_b, supplier_a):
            rows = compiled.compiled_queryset(builder.__name__, builder, supplier=supplier)
            expected = list(builder(supplier))
            assert rows == expected and [type(row) for row in rows] == [type(row) for row in expected]
            assert len(rows) == (2 if supplier == supplier_a else 1)
    for builder in (evidence_rows, evidence_titles):
        for supplier in (supplier_a, supplier_b, supplier_a):
            rows = compiled.compiled_queryset(builder.__name__, builder, supplier=supplier)
            assert [_as_read(row) for row in rows] == [_as_read(row) for row in builder(supplier)]
            assert rows and all(row.supplier == supplier for row in rows)
        (entry,) = [v for key, v in compiled._templates.items() if key[:2] == ("queryset", builder.__name__)]
        assert entry is not compiled._UNCACHEABLE
    assert [row.title for row in compiled.compiled_queryset("evidence_rows", evidence_rows, supplier=supplier_a)] == [
        "A policy",
        "b cert",
    ]


def _members_of(buyer):
    return compiled.compiled_queryset(
        "members.of", lambda buyer: BuyerMembership.objects.filter(buyer=buyer).order_by("pk"), buyer=buyer
    )


def test_statements_share_one_cursor_until_the_request_ends_and_are_logged_as_any_query(
    client, buyer, officer, manager
):
    compiled.clear()
    expected = list(BuyerMembership.objects.filter(buyer=buyer).order_by("pk"))
    assert _members_of(buyer) == _members_of(buyer) == expected  # built, then run from its template
    kept = connections["default"].__dict__[compiled._CURSOR]
    with CaptureQueriesContext(connection) as queries:  # Django's debug cursor while it logs
        assert _members_of(buyer) == expected
        assert _members_of(buyer) == expected
    assert len(queries) == 2 and "accounts" not in queries[0]["sql"]
    assert connections["default"].__dict__[compiled._CURSOR] is kept
    assert client.get("/health/live").status_code == 200  # a request ends
    assert compiled._CURSOR not in connections["default"].__dict__
    with pytest.raises(connections["default"].Database.Error):  # closed, with the result it held
        kept.execute("SELECT 1")
    assert _members_of(buyer) == expected  # a new cursor for the next request


def test_a_cursor_kept_from_an_earlier_connection_is_replaced(buyer, officer):
    compiled.clear()
    expected = list(BuyerMembership.objects.filter(buyer=buyer).order_by("pk"))
    assert _members_of(buyer) == _members_of(buyer) == expected
    # As after CONN_MAX_AGE or a failure: Django has opened another connection since.
    database = connections["default"]
    earlier = database.get_new_connection(database.get_connection_params())
    try:
        database.__dict__[compiled._CURSOR] = earlier.cursor()
        assert _members_of(buyer) == expected
        assert database.__dict__[compiled._CURSOR].connection is database.connection
    finally:
        earlier.close()


def test_an_error_on_the_kept_cursor_is_djangos_and_the_cursor_still_serves(buyer, officer):
    from django.db import DatabaseError, transaction

    compiled.clear()
    cursor = compiled.statement_cursor()
    with pytest.raises(DatabaseError), transaction.atomic():
        cursor.execute("SELECT no_such_column FROM contracts_buyer")
    assert _members_of(buyer) == list(BuyerMembership.objects.filter(buyer=buyer).order_by("pk"))
