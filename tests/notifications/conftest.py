import pytest

from .helpers import eager


@pytest.fixture(autouse=True)
def _urls_and_eager(settings):
    # Until the root urls.py mounts the jobs and notification pages.
    settings.ROOT_URLCONF = "tests.notifications.urls"
    # Unit tests run Celery in-process whatever REDIS_URL says; worker tests switch it off.
    with eager():
        yield
