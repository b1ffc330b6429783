"""Locust scenario of `make load` (bench/load.py runs it; see bench/README.md).

Every user first logs in through the login page with their email and password; officers
then pass the two-factor code step with the code their authenticator app would show,
computed from the device's secret with django-otp's own TOTP (the library the server checks
it with). Supplier users each answer their own self-assessment: they open the questionnaire,
then keep saving one text answer through the autosave endpoint (what static/js/autosave.js
posts), every save with a unique token. Officers browse lists, supplier pages, the
dashboard and a review page; a page that sends them back to the login or the code step
counts as a failure. When the test stops, every acknowledged save (token and the revision
the server answered with) and the save in flight, if any, go to $LOAD_TOKENS, so
bench/load.py can check that each acknowledged save is in the database exactly once."""

import json
import os
import random
import re
import uuid
from binascii import unhexlify

from django_otp.oath import TOTP
from locust import HttpUser, between, events, task
from locust.exception import StopUser

USERS = json.loads(open(os.environ["LOAD_USERS"]).read())  # noqa: SIM115
PASSWORD = USERS["password"]
RUN = os.environ["LOAD_RUN"]  # in every token, so that a run checks its own saves only
SUPPLIERS = iter(USERS["suppliers"])
OFFICERS = iter(USERS["officers"])
TOKENS = {}  # assessment public id -> {"acked": [[token, revision], ...], "sent": token, "saves": n}
REVISION = re.compile(r'name="(?P<prefix>q\d+)-revision" value="(?P<value>\d+)"')
LOGIN, VERIFY = "/accounts/login/", "/accounts/two-factor/verify/"


class LoggedIn(HttpUser):
    abstract = True

    def on_start(self):
        self.jar = {}

    def keep_cookies(self, response):
        """The session and CSRF cookies are Secure in production settings; on plain-HTTP
        loopback the client keeps them as a browser on HTTPS would."""
        for step in [*response.history, response]:
            for cookie in step.cookies:
                self.jar[cookie.name] = cookie.value
        self.client.cookies.clear()
        for name, value in self.jar.items():
            self.client.cookies.set(name, value)

    def csrf(self):
        return self.jar.get("csrftoken", "")

    def login(self, email, then):
        with self.client.get(LOGIN, name="login (GET)", catch_response=True) as response:
            self.keep_cookies(response)
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
        data = {"username": email, "password": PASSWORD, "next": then, "csrfmiddlewaretoken": self.csrf()}
        with self.client.post(
            LOGIN, data=data, name="login (POST)", allow_redirects=False, catch_response=True
        ) as response:
            self.keep_cookies(response)
            if response.status_code != 302 or response.headers.get("Location", "").startswith(LOGIN):
                response.failure(f"login refused: HTTP {response.status_code}")
                return None
            return response.headers["Location"]


class SupplierUser(LoggedIn):
    """Types an answer; the page autosaves it a moment after each pause."""

    fixed_count = int(os.environ.get("LOAD_SUPPLIERS", "200"))
    # A person typing: the page autosaves a moment after each pause, every 5-15 s.
    wait_time = between(5, 15)

    def on_start(self):
        super().on_start()
        me = next(SUPPLIERS, None)
        if me is None:  # every prepared user is taken (locust replaces a user that crashed)
            raise StopUser
        self.path, self.prefix, self.key = me["path"], me["prefix"], me["assessment"]
        self.record = TOKENS.setdefault(self.key, {"acked": [], "sent": None, "saves": 0})
        self.revision = None
        if self.login(me["email"], self.path):
            self.open_page()

    def open_page(self):
        with self.client.get(self.path, name="portal questionnaire (GET)", catch_response=True) as response:
            self.keep_cookies(response)
            found = {m["prefix"]: m["value"] for m in REVISION.finditer(response.text)}
            if response.status_code != 200 or response.history or self.prefix not in found:
                response.failure(f"questionnaire not editable: HTTP {response.status_code} {response.url}")
                self.revision = None
                return
            self.revision = found[self.prefix]

    @task(15)
    def autosave(self):
        if self.revision is None:
            return self.open_page()
        token = f"load {RUN} {self.key} {self.record['saves'] + 1} {uuid.uuid4().hex}"
        self.record["sent"] = token
        data = {
            "autosave": self.prefix,
            f"{self.prefix}-text": token,
            f"{self.prefix}-revision": self.revision,
            "csrfmiddlewaretoken": self.csrf(),
        }
        headers = {"Accept": "application/json", "X-Requested-With": "XMLHttpRequest"}
        with self.client.post(
            self.path,
            data=data,
            headers=headers,
            name="portal autosave (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            try:
                body = response.json()
            except ValueError:
                body = {}
            if response.status_code == 200 and body.get("ok"):
                self.revision = str(body["revision"])
                self.record["acked"].append([token, body["revision"]])
                self.record["saves"] += 1
                self.record["sent"] = None
            else:
                response.failure(f"HTTP {response.status_code}: {str(body.get('message', ''))[:200]}")

    @task(1)
    def reopen(self):
        """Comes back to the page (a second sitting): the saved answer must be there."""
        self.open_page()


class OfficerUser(LoggedIn):
    """Reads what the suppliers send: lists, a supplier, the dashboard, a review."""

    fixed_count = int(os.environ.get("LOAD_OFFICERS", "20"))
    wait_time = between(3, 10)

    def on_start(self):
        super().on_start()
        me = next(OFFICERS, None)  # one officer (one authenticator) per simulated officer
        if me is None:
            raise StopUser
        self.suppliers, self.reviews = me["suppliers"], me["reviews"]
        self.verified = False
        totp = me["totp"]
        self.totp = TOTP(unhexlify(totp["key"]), step=totp["step"], t0=totp["t0"], digits=totp["digits"])
        target = self.login(me["email"], "/suppliers/")
        if not target:
            return
        with self.client.get(target, name="after login (GET)", allow_redirects=False, catch_response=True) as response:
            self.keep_cookies(response)
            step = response.headers.get("Location", "")
            if response.status_code != 302 or not step.startswith(VERIFY):
                response.failure(f"the officer was not asked for the code: HTTP {response.status_code} {step}")
                return
            response.success()
        self.two_factor(step)

    def two_factor(self, url):
        with self.client.get(url, name="two-factor code (GET)", catch_response=True) as response:
            self.keep_cookies(response)
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return
        # Like a person, type the newest code; if the server took so long that it expired,
        # type the next one (once). A refused code counts as a failed request.
        for _attempt in range(2):
            data = {"code": f"{self.totp.token():0{self.totp.digits}d}", "next": "/suppliers/"}
            data["csrfmiddlewaretoken"] = self.csrf()
            with self.client.post(
                VERIFY, data=data, name="two-factor code (POST)", allow_redirects=False, catch_response=True
            ) as response:
                self.keep_cookies(response)
                if response.status_code == 302 and not response.headers.get("Location", "").startswith(VERIFY):
                    self.verified = True
                    return
                response.failure(f"code refused: HTTP {response.status_code}")

    def page(self, path, name):
        if not self.verified:
            return
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"HTTP {response.status_code} {where}")

    @task(3)
    def supplier_list(self):
        self.page("/suppliers/", "suppliers (list)")

    @task(3)
    def supplier_detail(self):
        self.page(random.choice(self.suppliers), "supplier (detail)")

    @task(2)
    def dashboard(self):
        self.page("/reports/dashboard/", "reports dashboard")

    @task(2)
    def findings(self):
        self.page("/findings/", "findings (list)")

    @task(2)
    def actions(self):
        self.page("/actions/", "corrective actions (list)")

    @task(2)
    def review(self):
        self.page(random.choice(self.reviews), "assessment review")


@events.test_stop.add_listener
def _write_tokens(environment, **kwargs):
    with open(os.environ["LOAD_TOKENS"], "w") as handle:
        json.dump(TOKENS, handle)
