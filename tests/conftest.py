"""Role fixtures shared by every test: officer, manager and administrator of one buyer,
a second buyer's officer, and supplier users of supplier A and supplier B."""

import os

import pytest

from oslo_procurement.accounts.models import User

from . import factories as f

PASSWORD = f.PASSWORD


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """After every transactional test (all browser and fault tests: the live server needs
    committed data) Django empties every table with one TRUNCATE of all 158. On PostgreSQL
    that took 7-10 s per test on this machine (a new file for every table, index and TOAST
    relation), nearly all of the browser tests' teardown. DELETE of the few rows a test left
    takes 0.35 s and leaves the database just as empty: the foreign keys Django creates are
    DEFERRABLE INITIALLY DEFERRED, checked at the flush's commit, when every table is empty.
    Only the test flush changes; a flush that resets sequences (the backup restore) is left
    as it was."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        deletes = [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(t))};" for t in tables]
        return [f"{style.SQL_KEYWORD('SET CONSTRAINTS ALL DEFERRED')};", *deletes]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


def _slice_sizes(total, processes):
    # How pytest-xdist's work-stealing scheduler first splits the collection: contiguous
    # slices, one per process, each len(pending) // processes_left long.
    sizes = []
    for index in range(processes):
        size = total // (processes - index)
        sizes.append(size)
        total -= size
    return sizes


def pytest_collection_modifyitems(config, items):
    """The heavy tests first, the browser tests last. `make test` runs the suite in several
    processes (pytest-xdist, work stealing: each process first gets a contiguous slice of this
    order, and a process that runs out takes half of another's queue). So that they end
    together, each slice starts with its share of the heavy tests (most of a minute of CPU
    each; they cannot be stolen once under way) and ends with its share of the browser tests."""
    heavy = [item for item in items if item.get_closest_marker("heavy")]
    browser = [item for item in items if item.get_closest_marker("browser") and item not in heavy]
    others = [item for item in items if item not in heavy and item not in browser]
    processes = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    if processes < 2:
        items[:] = heavy + others + browser
        return
    ordered = []
    for index, size in enumerate(_slice_sizes(len(items), processes)):
        first, last = heavy[index::processes], browser[index::processes]
        middle = others[: max(size - len(first) - len(last), 0)]
        del others[: len(middle)]
        ordered += first + middle + last
    ordered += others  # nothing, unless a slice was too short for its heavy and browser tests
    assert sorted(map(id, ordered)) == sorted(map(id, items))
    items[:] = ordered


@pytest.fixture
def buyer(db):
    return f.BuyerFactory(name="Oslo kommune")


@pytest.fixture
def other_buyer(db):
    return f.BuyerFactory(name="Bergen kommune")


def _staff(buyer, role, email):
    user = f.UserFactory(email=email, role=role, full_name=f"{role.title()} Person")
    f.BuyerMembershipFactory(user=user, buyer=buyer)
    return user


@pytest.fixture
def officer(buyer):
    return _staff(buyer, User.Role.OFFICER, "officer@oslo.example")


@pytest.fixture
def manager(buyer):
    return _staff(buyer, User.Role.MANAGER, "manager@oslo.example")


@pytest.fixture
def administrator(buyer):
    user = _staff(buyer, User.Role.ADMIN, "admin@oslo.example")
    user.is_staff = True
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def other_officer(other_buyer):
    return _staff(other_buyer, User.Role.OFFICER, "officer@bergen.example")


@pytest.fixture
def supplier_a(db):
    return f.SupplierFactory(legal_name="Alpha Reseller AS")


@pytest.fixture
def supplier_b(db):
    return f.SupplierFactory(legal_name="Beta Brands AS")


@pytest.fixture
def supplier_a_user(supplier_a):
    return f.SupplierMembershipFactory(
        supplier=supplier_a, user__email="user@alpha.example", user__full_name="Alpha User"
    ).user


@pytest.fixture
def supplier_b_user(supplier_b):
    return f.SupplierMembershipFactory(
        supplier=supplier_b, user__email="user@beta.example", user__full_name="Beta User"
    ).user


def client_for(client, user):
    """Log the user in; a user with an authenticator app gets a session that has passed the
    code step too (as after /accounts/two-factor/verify/)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from oslo_procurement.accounts.two_factor import confirmed_totp

    client.force_login(user)
    device = confirmed_totp(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def officer_client(client, officer):
    return client_for(client, officer)


@pytest.fixture
def manager_client(client, manager):
    return client_for(client, manager)


@pytest.fixture
def supplier_a_client(client, supplier_a_user):
    return client_for(client, supplier_a_user)


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    # Tests assert on English text unless they switch language on purpose.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _private_uploads(settings, tmp_path):
    # Each test stores uploaded files in its own folder.
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture(autouse=True)
def _redis_breaker_closed():
    """A test that makes Redis fail must not make the next test skip Redis
    (oslo_procurement/notifications/breaker.py remembers failures per process)."""
    from oslo_procurement.notifications.breaker import redis_reset

    redis_reset()
    yield
    redis_reset()


@pytest.fixture(autouse=True)
def _statements_compiled_per_test():
    """Each test starts as a new process does, with no statement compiled
    (oslo_procurement.compiled): a template may hold a content type's id, and a test database
    flushed and filled again may give that content type another."""
    from oslo_procurement import compiled

    compiled.clear()
    yield
    compiled.clear()
