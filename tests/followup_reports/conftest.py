import pytest

from oslo_procurement.celery import app

from . import worked


@pytest.fixture(autouse=True)
def eager_celery():
    """Tasks run in-process (as in the demo) even where REDIS_URL turns eager mode off,
    as in CI; test_worker.py runs a real worker instead."""
    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture(autouse=True)
def _reports_urls(settings):
    # Until the root urls.py mounts /reports/, these tests use a urlconf that adds it.
    settings.ROOT_URLCONF = "tests.followup_reports.urls"


@pytest.fixture
def world(buyer):
    return worked.build(buyer)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the Celery tasks, eager in tests) of a block."""
    return django_capture_on_commit_callbacks
