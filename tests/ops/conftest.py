import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A new SQLite database with every migration applied and no data, made once (about
    20 s) and copied by the tests that start the app as a server would."""
    folder = tmp_path_factory.mktemp("migrated")
    env = {"PATH": "/usr/bin:/bin", "VAR_DIR": str(folder), "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3"}
    env["DEBUG"] = "true"
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    yield folder / "db.sqlite3"
    shutil.rmtree(folder, ignore_errors=True)
