"""The real PostgreSQL and Redis. Locally without them these tests skip with the reason;
under CI=true they fail instead, so CI can never pass without testing on them."""

import pytest
from django.conf import settings
from django.db import connection

from tests import needs


@pytest.mark.services
def test_database_is_postgresql_under_ci(db):
    needs.postgresql()
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.services
def test_redis_answers():
    needs.redis()
    import redis

    assert redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping() is True
