"""What the environment switches on: several app servers share the cache (Redis), the
sessions (database) and the uploaded files (an S3-compatible bucket); secrets can come
from files; the proxy headers are configurable. Each case starts Python afresh, as a
server would."""

import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READ = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "cache": s.CACHES["default"]["BACKEND"],
    "sessions": s.SESSION_ENGINE,
    "storage": s.STORAGES["default"],
    "log_format": s.LOG_FORMAT,
    "secret_key": s.SECRET_KEY,
    "proxy_ssl_header": getattr(s, "SECURE_PROXY_SSL_HEADER", None),
    "forwarded_host": s.USE_X_FORWARDED_HOST,
    "redirect_exempt": getattr(s, "SECURE_REDIRECT_EXEMPT", []),
}))
"""


def settings_with(tmp_path, **env):
    result = subprocess.run(
        [sys.executable, "-c", READ],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path / "var"), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode:
        return result.stderr
    return json.loads(result.stdout)


def production(tmp_path, **env):
    return {
        "DJANGO_SETTINGS_MODULE": "oslo_procurement.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "procurement.example.org",
        **env,
    }


def test_the_demo_keeps_everything_on_one_machine(tmp_path):
    found = settings_with(tmp_path, DJANGO_SETTINGS_MODULE="oslo_procurement.settings")
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["sessions"] == "oslo_procurement.accounts.sessions"
    assert found["storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert found["log_format"] == "plain"


def test_production_shares_cache_sessions_and_files_between_app_servers(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(50) + "\n")
    access_file = tmp_path / "s3_access"
    access_file.write_text("AKIAEXAMPLE\n")
    env = production(
        tmp_path,
        SECRET_KEY_FILE=str(key_file),
        REDIS_URL="redis://redis:6379/0",
        S3_BUCKET="oslo-uploads",
        S3_ENDPOINT_URL="https://s3.example.org",
        S3_REGION="eu-north-1",
        S3_PREFIX="prod",
        S3_ACCESS_KEY_ID_FILE=str(access_file),
        S3_SECRET_ACCESS_KEY="from-the-environment",
        USE_X_FORWARDED_HOST="true",
    )
    found = settings_with(tmp_path, **env)
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["sessions"] == "oslo_procurement.accounts.sessions"
    assert found["secret_key"] == key_file.read_text().strip()  # the file wins over SECRET_KEY
    assert found["log_format"] == "json"
    storage = found["storage"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "oslo-uploads"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["region_name"] == "eu-north-1"
    assert options["location"] == "prod"
    assert options["access_key"] == "AKIAEXAMPLE"
    assert options["secret_key"] == "from-the-environment"
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True and options["file_overwrite"] is False
    assert found["proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert found["forwarded_host"] is True
    assert found["redirect_exempt"] == ["^health/"]


def test_proxy_header_is_configurable(tmp_path):
    found = settings_with(tmp_path, **production(tmp_path, SECURE_PROXY_SSL_HEADER="X-Forwarded-Ssl: on"))
    assert found["proxy_ssl_header"] == ["HTTP_X_FORWARDED_SSL", "on"]
    found = settings_with(tmp_path, **production(tmp_path, SECURE_PROXY_SSL_HEADER=""))
    assert found["proxy_ssl_header"] is None


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"S3_BUCKET": "b", "S3_DEFAULT_ACL": "public-read"}, "S3_DEFAULT_ACL must not make uploaded files public"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be 'plain' or 'json'"),
    ],
)
def test_unsafe_or_wrong_settings_refuse_to_start(tmp_path, env, message):
    assert message in settings_with(tmp_path, **production(tmp_path, **env))
