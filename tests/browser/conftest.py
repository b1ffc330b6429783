"""Playwright for Python driving Debian's chromium against pytest-django's live server."""

import functools
import json
import os
import pathlib

import pytest
from django.core.servers.basehttp import WSGIServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = pathlib.Path(__file__).resolve().parent.parent / "assets" / "axe.min.js"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class _OneRequestAtATime(WSGIServer):
    """Django's live server answers each request on a thread of its own. On PostgreSQL each
    thread has its own connection; on the in-memory SQLite database of a local `make test`
    every thread shares the test's one connection (pytest-django hands it over), so two
    requests of one page at once (htmx, a download beside a navigation) could use one cursor
    together and fail with "Recursive use of cursors". There the server answers one request
    after the other, as Django's own test suite does for such tests; it closes each
    connection after its response, so the browser never waits on a kept-alive one."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _live_server_thread_per_database(django_db_setup):
    """Before pytest-django's session-wide live server starts: one request at a time when the
    test database is SQLite in memory (see _OneRequestAtATime); threaded otherwise."""
    from django.db import connection
    from django.test.testcases import LiveServerThread

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        original = LiveServerThread.server_class
        LiveServerThread.server_class = _OneRequestAtATime
        yield
        LiveServerThread.server_class = original
    else:
        yield


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # An officer's desktop: wide enough for the full menu (it collapses below 1400 px). Reduced
    # motion turns Bootstrap's colour transitions off, so axe never measures a button caught
    # half-way between its hover and its resting colours (a flaky contrast finding, not a real one).
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 1440, "height": 900},
        reduced_motion="reduce",
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()
    assert violations == [], f"the page broke its Content-Security-Policy: {violations[:5]}"


def login(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    follow(page, page.get_by_role("button", name="Log in"))


def follow(page, locator):
    """Click a link or a submit button and wait until the page it opens has loaded.

    A bare click returns as soon as the click is dispatched; whatever the test does next
    (axe above all) could otherwise run on the page being left, or on no document at all."""
    with page.expect_navigation():
        locator.click()


def assert_accessible(page):
    """axe-core finds no WCAG 2.0/2.1 A or AA violation on the current page."""
    from playwright.sync_api import Error as PlaywrightError

    # A check that a navigation overtook (a script or a form that moves on by itself) judged a
    # document that is gone: it is run again on the page that loaded, never answered from the old one.
    for _attempt in range(3):
        page.wait_for_load_state()
        navigations = []

        def note(frame, navigations=navigations):
            if frame == page.main_frame:
                navigations.append(frame.url)

        page.on("framenavigated", note)
        try:
            result = _run_axe(page)
        except PlaywrightError:
            if not navigations:
                raise
        finally:
            page.remove_listener("framenavigated", note)
        if not navigations:
            break
    else:
        raise AssertionError(f"{page.url}: the page kept navigating while axe checked it")
    violations = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
    ]
    assert violations == [], f"{page.url}: " + json.dumps(violations, indent=1)


def _run_axe(page):
    # Evaluated through DevTools rather than injected as a <script>, which the page's
    # Content-Security-Policy (no inline script) would rightly block.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    # resultTypes: every rule still runs on every element; only the violations are written out
    # node by node (the passes of a long page are thousands of nodes, serialised for nothing).
    return page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
    )


@functools.cache
def _axe_source():
    return AXE.read_text() + "\n;undefined"


def go_to(page, group, item):
    """Open a page from the grouped main menu: click the group, then its item."""
    page.get_by_role("navigation", name="Main menu").get_by_role("button", name=group, exact=True).click()
    follow(page, page.get_by_role("navigation", name="Main menu").get_by_role("link", name=item, exact=True))
