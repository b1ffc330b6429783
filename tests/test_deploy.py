"""Production settings pass Django's deployment checks, and refuse to run insecurely."""

import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    base = {"PATH": "/usr/bin:/bin", "VAR_DIR": "/tmp/oslo-deploy-check", "DJANGO_SETTINGS_MODULE": ""}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
    )


def test_production_settings_pass_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DATABASE_URL="sqlite:////tmp/oslo-deploy-check/db.sqlite3",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="procurement.example.org",
        DJANGO_SETTINGS_MODULE="oslo_procurement.settings",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_debug_with_demo_secret():
    result = _manage(
        "check",
        DATABASE_URL="sqlite:////tmp/oslo-deploy-check/db.sqlite3",
        DJANGO_SETTINGS_MODULE="oslo_procurement.settings",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
