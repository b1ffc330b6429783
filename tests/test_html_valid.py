"""The Nu HTML Checker (vnu.jar from the ``vnu-jar`` npm package, run on the machine's
Java) finds no error in the HTML of any page: every page the access walk reaches, as an
officer, a manager and a supplier user. ``make test`` installs vnu.jar (``make node-deps``)."""

import json
import pathlib
import shutil
import subprocess  # nosec B404: runs the fixed vnu.jar command line, no shell

import pytest

from tests.test_access_walk import _url, app_urls, world  # noqa: F401  (world is a fixture)

VNU = pathlib.Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def check(files):
    """vnu's errors for ``files``: ``{file name: [message, ...]}``."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail("The Nu HTML Checker needs Java and node_modules/vnu-jar: run `make node-deps`")
    result = subprocess.run(  # noqa: S603  # nosec B603
        [java, "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    errors = {}
    for message in json.loads(result.stderr or '{"messages": []}')["messages"]:
        name = pathlib.Path(message.get("url", "")).name
        errors.setdefault(name, []).append(f"{message.get('lastLine', '?')}: {message['message']}"[:300])
    return errors


def collect(client, user, accesses, world, folder):  # noqa: F811
    client.force_login(user)
    files = []
    for name, entry in app_urls():
        if entry.callback.access not in accesses:
            continue
        response = client.get(_url(name, entry, world))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        if response.headers.get("HX-Request") or b"<!doctype html>" not in response.content[:200].lower():
            continue  # fragments (htmx partials) are checked inside their pages
        path = folder / f"{user.role}--{name.replace(':', '--')}.html"
        path.write_bytes(response.content)
        files.append(path)
    home = client.get("/")
    if home.status_code == 200:
        path = folder / f"{user.role}--home.html"
        path.write_bytes(home.content)
        files.append(path)
    client.logout()
    return files


@pytest.mark.django_db
def test_every_page_is_valid_html(client, world, officer, manager, supplier_a_user, tmp_path):  # noqa: F811
    files = collect(client, officer, {"staff", "staff_write", "staff_report"}, world, tmp_path)
    files += collect(client, manager, {"manager"}, world, tmp_path)
    files += collect(client, supplier_a_user, {"portal"}, world, tmp_path)
    for path in ("/accounts/login/", "/accounts/password/reset/"):
        response = client.get(path)
        if response.status_code == 200:
            page = tmp_path / f"public--{path.strip('/').replace('/', '--')}.html"
            page.write_bytes(response.content)
            files.append(page)
    assert len(files) > 80
    errors = check(files)
    assert errors == {}, json.dumps(errors, indent=1, ensure_ascii=False)
