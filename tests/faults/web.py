"""A few lines of HTTP client with cookies, for talking to a real server process
(gunicorn) on 127.0.0.1 the way a browser would, without extra packages."""

import http.client
import json
import re
from urllib.parse import urlencode


class Browser:
    def __init__(self, port, cookies=None):
        self.port = port
        self.cookies = dict(cookies or {})

    def request(self, method, path, data=None, headers=None, timeout=30):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        head = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            head["Content-Type"] = "application/x-www-form-urlencoded"
            head["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=body, headers=head)
        response = conn.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response.status, dict(response.getheaders()), content

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data={**data, "csrfmiddlewaretoken": self.csrf()}, **kwargs)

    def autosave(self, path, data):
        """What static/js/autosave.js sends: one question's fields, JSON back."""
        status, _headers, content = self.post(
            path, data, headers={"Accept": "application/json", "X-Requested-With": "XMLHttpRequest"}
        )
        return status, json.loads(content)

    def csrf(self):
        return self.cookies.get("csrftoken", "")


def hidden_value(html, name):
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{re.escape(name)}"', html
    )
    return match.group(1) if match else None
