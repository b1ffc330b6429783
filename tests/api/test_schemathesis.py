"""schemathesis over the OpenAPI description, with a token per role (an officer, a supplier
user, an open-data token) in the two-buyer world of tests/api/world.py: every operation,
a few generated requests each, every response checked (no server error, a documented
status with its documented body and content type, the response schema). Bounded so the
whole run takes well under a minute on the shared machine."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings

from oslo_procurement.api.models import ApiToken

from .conftest import make_key

EXAMPLES = 3


@pytest.fixture
def api_schema(db, settings):
    settings.ALLOWED_HOSTS = ["*"]
    raw = SchemaGenerator().get_schema(request=None, public=True)
    raw = json.loads(json.dumps(raw, default=str))  # lazy translations become text
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    # Requests go straight to the WSGI application, inside the test's transaction: keep the
    # database connection across requests, as Django's test client does (on PostgreSQL the
    # end of each request would otherwise close the connection that holds the test's data).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schema
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def role_keys(world, officer, supplier_a_user):
    return {
        "officer": make_key(officer),
        "supplier user": make_key(supplier_a_user),
        "open data": make_key(officer, name="Open data", scope=ApiToken.Scope.OPEN_DATA),
    }


def test_every_operation_answers_as_described_for_every_role(api_schema, role_keys):
    """Each operation gets EXAMPLES generated requests, each sent with every role's token;
    any failed check fails the test with the role, the request and the check's message."""
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 30

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            for role, key in role_keys.items():
                headers = {"Authorization": f"Token {key}"}
                response = case.call(headers=headers)
                try:
                    case.validate_response(response, headers=headers)
                except Exception as failure:
                    raise AssertionError(f"as {role}: {failure}") from failure

        try:
            run()
        except Exception as failure:  # every operation's failure, reported together below
            failures.append(f"{operation.label}: {failure}")
    assert failures == [], "\n\n".join(failures)
