"""Structured logs: in production every request writes one JSON line with its request id,
the user's id (never the email), path, status and duration, and no password or token.
Task logs carry the task's id and name."""

import io
import json
import logging

import pytest
from celery import shared_task
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils.module_loading import import_string

from oslo_procurement.ops import logs
from tests import factories as f

PASSWORD = "Very-secret-Password-42"


@pytest.fixture
def json_lines():
    """The lines the production handler (LOG_FORMAT=json) would print, as parsed JSON."""
    stream = io.StringIO()
    config = django_settings.LOGGING
    formatter_config = dict(config["formatters"]["json"])
    handler = logging.StreamHandler(stream)
    handler.setFormatter(import_string(formatter_config.pop("()"))(**formatter_config))
    handler.addFilter(import_string(config["filters"]["context"]["()"])())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def request_lines(lines):
    return [line for line in lines if line["logger"] == "oslo_procurement.request"]


def test_a_login_writes_one_json_line_without_the_password(client, json_lines, db):
    user = f.UserFactory(email="kari@alpha.example", password=PASSWORD)
    response = client.post(
        reverse("accounts:login"),
        {"username": "kari@alpha.example", "password": PASSWORD},
        HTTP_X_REQUEST_ID="lb-7f3a9c2e-0001",
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "lb-7f3a9c2e-0001"  # the proxy's id is echoed

    lines = json_lines()
    [line] = request_lines(lines)
    assert line["request_id"] == "lb-7f3a9c2e-0001"
    assert line["user_id"] == user.pk
    assert line["method"] == "POST" and line["path"] == "/accounts/login/" and line["status"] == 302
    assert line["route"] == "accounts/login/"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["level"] == "INFO" and line["timestamp"]
    everything = json.dumps(lines)
    assert PASSWORD not in everything and "kari@alpha.example" not in everything
    # Every other line the request caused (the audit log's) carries the same id.
    assert {x.get("request_id") for x in lines} == {"lb-7f3a9c2e-0001"}


def test_a_page_logs_the_user_id_and_a_fresh_request_id(officer_client, officer, json_lines):
    response = officer_client.get(reverse("suppliers:list"), HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32 and request_id.isalnum()  # an unusable incoming id is replaced
    [line] = request_lines(json_lines())
    assert line["request_id"] == request_id
    assert line["user_id"] == officer.pk and line["status"] == 200


def test_tokens_in_links_never_reach_the_log(client, json_lines, db):
    token = "secret-invitation-token-0123456789"
    response = client.get(reverse("portal:invitation", args=[token]))
    assert response.status_code == 410
    lines = json_lines()
    [line] = request_lines(lines)
    assert line["path"] == "/portal/invitation/[redacted]/"
    assert token not in json.dumps(lines)


def test_fields_named_like_secrets_are_redacted(json_lines):
    logging.getLogger("tests.ops").info("hello", extra={"password": "x1", "api_token": "x2", "supplier": "Alpha"})
    [line] = json_lines()
    assert line["password"] == line["api_token"] == "[redacted]"
    assert line["supplier"] == "Alpha" and "request_id" not in line  # outside a request: no id


@shared_task(name="tests.ops.log_inside_a_task")
def log_inside_a_task():
    logging.getLogger("tests.ops").info("inside the task")


def test_task_logs_carry_the_task_id_and_name(json_lines):
    result = log_inside_a_task.apply()
    [line] = [x for x in json_lines() if x["message"] == "inside the task"]
    assert line["task_name"] == "tests.ops.log_inside_a_task"
    assert line["task_id"] == result.id
    assert logs.task_var.get() is None  # cleared after the task


def test_a_queued_task_carries_the_request_id_to_the_worker():
    headers = {}
    token = logs.request_id_var.set("req-12345678")
    try:
        logs._before_publish(headers=headers)
    finally:
        logs.request_id_var.reset(token)
    assert headers == {logs.REQUEST_ID_HEADER: "req-12345678"}
