"""Locust scenario of `make load` (bench/load.py runs it; see bench/README.md).

Supplier users each answer their own self-assessment: they open the questionnaire, then
keep saving one text answer through the autosave endpoint (what static/js/autosave.js
posts), every save with a unique token. Officers browse lists, supplier pages, the
dashboard and a review page. Every user is one prepared login from $LOAD_USERS (a JSON
file bench/load.py writes). When the test stops, each supplier user's last acknowledged
token (and the one in flight, if any) goes to $LOAD_TOKENS, so bench/load.py can check
that every acknowledged save is in the database: no lost answer."""

import itertools
import json
import os
import random
import re
import uuid

from locust import HttpUser, between, events, task

USERS = json.loads(open(os.environ["LOAD_USERS"]).read())  # noqa: SIM115
SUPPLIERS = iter(USERS["suppliers"])
OFFICERS = itertools.cycle(USERS["officers"])
TOKENS = {}  # assessment public id -> {"acked": token, "sent": token, "saves": n}
REVISION = re.compile(r'name="(?P<prefix>q\d+)-revision" value="(?P<value>\d+)"')


class SupplierUser(HttpUser):
    """Types an answer; the page autosaves it a moment after each pause."""

    fixed_count = int(os.environ.get("LOAD_SUPPLIERS", "200"))
    # A person typing: the page autosaves a moment after each pause, every 5-15 s.
    wait_time = between(5, 15)

    def on_start(self):
        me = next(SUPPLIERS)
        self.path, self.prefix, self.key = me["path"], me["prefix"], me["assessment"]
        self.cookie_name, self.session = me["cookie_name"], me["cookie"]
        self.client.cookies.set(me["cookie_name"], me["cookie"])
        self.record = TOKENS.setdefault(self.key, {"acked": None, "sent": None, "saves": 0})
        self.csrf = ""
        self.open_page()

    def open_page(self):
        with self.client.get(self.path, name="portal questionnaire (GET)", catch_response=True) as response:
            found = {m["prefix"]: m["value"] for m in REVISION.finditer(response.text)}
            if response.status_code != 200 or self.prefix not in found:
                response.failure(f"questionnaire not editable: HTTP {response.status_code}")
                self.revision = None
                return
            self.revision = found[self.prefix]
            # The CSRF cookie is Secure in production settings; on plain-HTTP loopback the
            # client keeps it as a browser on HTTPS would.
            token = response.cookies.get("csrftoken")
            if token:
                self.csrf = token

    @task(15)
    def autosave(self):
        if self.revision is None:
            return self.open_page()
        token = f"load {self.key} {self.record['saves'] + 1} {uuid.uuid4().hex}"
        self.record["sent"] = token
        data = {
            "autosave": self.prefix,
            f"{self.prefix}-text": token,
            f"{self.prefix}-revision": self.revision,
            "csrfmiddlewaretoken": self.csrf,
        }
        headers = {
            "Accept": "application/json",
            "X-Requested-With": "XMLHttpRequest",
            "Cookie": f"{self.cookie_name}={self.session}; csrftoken={self.csrf}",
        }
        with self.client.post(
            self.path, data=data, headers=headers, name="portal autosave (POST)", catch_response=True
        ) as response:
            try:
                body = response.json()
            except ValueError:
                body = {}
            if response.status_code == 200 and body.get("ok"):
                self.revision = str(body["revision"])
                self.record.update(acked=token, saves=self.record["saves"] + 1)
                self.record["sent"] = None
            else:
                response.failure(f"HTTP {response.status_code}: {body.get('message', '')[:200]}")

    @task(1)
    def reopen(self):
        """Comes back to the page (a second sitting): the saved answer must be there."""
        self.open_page()


class OfficerUser(HttpUser):
    """Reads what the suppliers send: lists, a supplier, the dashboard, a review."""

    fixed_count = int(os.environ.get("LOAD_OFFICERS", "20"))
    wait_time = between(3, 10)

    def on_start(self):
        me = next(OFFICERS)
        self.client.cookies.set(me["cookie_name"], me["cookie"])
        self.suppliers, self.reviews = me["suppliers"], me["reviews"]

    @task(3)
    def supplier_list(self):
        self.client.get("/suppliers/", name="suppliers (list)")

    @task(3)
    def supplier_detail(self):
        self.client.get(random.choice(self.suppliers), name="supplier (detail)")

    @task(2)
    def dashboard(self):
        self.client.get("/reports/dashboard/", name="reports dashboard")

    @task(2)
    def findings(self):
        self.client.get("/findings/", name="findings (list)")

    @task(2)
    def actions(self):
        self.client.get("/actions/", name="corrective actions (list)")

    @task(2)
    def review(self):
        self.client.get(random.choice(self.reviews), name="assessment review")


@events.test_stop.add_listener
def _write_tokens(environment, **kwargs):
    with open(os.environ["LOAD_TOKENS"], "w") as handle:
        json.dump(TOKENS, handle)
