"""A relay or a Redis that accepts connections and never answers, seen from the browser:
a real gunicorn with the production settings read from the environment (EMAIL_URL,
REDIS_URL, REDIS_SOCKET_TIMEOUT at their defaults), a private redis-server that the test
stops (SIGSTOP: the kernel accepts connections, nothing answers) and an SMTP relay process
that hangs. The password-reset form answers at once and keeps the email in the outbox;
/health/live stays up. Marked ``services``: they need the PostgreSQL test database; locally
without it they skip."""

import time

import pytest

from oslo_procurement.notifications.models import Notification
from oslo_procurement.notifications.tasks import DRAIN_TASK

from .processes import WebServer, Worker, production_env, send_task, wait_until
from .web import Browser

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True), pytest.mark.heavy]


@pytest.fixture
def env(tmp_path, private_redis, relay):
    environment = production_env(tmp_path, redis_url=private_redis.url, email_url=relay.url)
    assert "EMAIL_TIMEOUT" not in environment and "REDIS_SOCKET_TIMEOUT" not in environment  # the defaults
    return environment


@pytest.fixture
def web(env, tmp_path):
    server = WebServer(env, tmp_path)
    yield server
    server.close()


def ask_for_reset(port, address):
    browser = Browser(port)
    status, _headers, _page = browser.get("/accounts/password/reset/")
    assert status == 200
    started = time.monotonic()
    status, headers, _page = browser.post("/accounts/password/reset/", {"email": address})
    return status, headers, time.monotonic() - started


def warm_up(port):
    """Both gunicorn workers load and render the reset email once (a cold first request is
    slow on a busy machine whatever the relay or Redis does): two other users, twice each."""
    from tests import factories as f

    for n in range(2):
        user = f.UserFactory(email=f"warm-up-{n}@oslo.example", role="officer")
        for _ in range(2):
            ask_for_reset(port, user.email)
            ask_for_reset(port, f"nobody-{n}@example.org")


def test_the_reset_form_answers_at_once_while_the_relay_hangs_and_the_email_goes_later(
    env,
    web,
    relay,
    private_redis,
    officer,
    tmp_path,
):
    warm_up(web.port)
    relay.mode("hang")
    answers = [ask_for_reset(web.port, officer.email) for _ in range(2)]
    answers.append(ask_for_reset(web.port, "nobody@example.org"))
    for status, headers, seconds in answers:
        assert status == 302 and headers["Location"].endswith("/accounts/password/reset/sent/")
        assert seconds < 2, answers
    assert Browser(web.port).get("/health/live")[0] == 200
    assert Notification.objects.filter(recipient=officer, status="pending").count() == 2
    # Everything waits in the outbox: the officer's two and the warm-up's emails (no worker
    # ran yet). Once the relay answers, a worker sends each of them, each once.
    waiting = Notification.objects.filter(status="pending").count()
    relay.mode("accept")
    worker = Worker(env, tmp_path, "reset")
    try:
        send_task(private_redis.url, DRAIN_TASK, min_age_seconds=0)
        assert wait_until(lambda: len(relay.message_ids()) == waiting, timeout=90), worker.log()
    finally:
        worker.close()
    assert set(relay.message_ids().values()) == {1}
    assert Notification.objects.filter(recipient=officer, status="sent").count() == 2


def test_pages_answer_within_the_redis_timeout_while_redis_hangs_and_the_email_is_kept(
    env,
    web,
    private_redis,
    officer,
):
    warm_up(web.port)
    private_redis.pause()
    try:
        answers = [ask_for_reset(web.port, officer.email) for _ in range(3)]
        live = Browser(web.port).get("/health/live")[0]
        ready_started = time.monotonic()
        ready = Browser(web.port).get("/health/ready")[0]
        ready_seconds = time.monotonic() - ready_started
    finally:
        private_redis.unpause()
    # The first request in each web process waits REDIS_SOCKET_TIMEOUT (2 s) once for the
    # rate-limit count, then the process stops asking Redis for a while (breaker.py): no
    # queueing attempt, no error, and the next requests do not wait at all.
    for status, _headers, seconds in answers:
        assert status == 302 and seconds < 3.5, answers
    assert min(seconds for _s, _h, seconds in answers) < 1, answers
    assert live == 200
    assert ready == 503 and ready_seconds < 4  # the health check says Redis does not answer
    # The emails are in the outbox, waiting for the drain.
    assert Notification.objects.filter(recipient=officer, status="pending").count() == 3
