"""Shared by the fault tests: what a browser would post back from a form page; a closed port."""

import datetime
import socket


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


def form_data(response, **changes):
    """The form on a rendered page as the browser would post it back unchanged (hidden
    version included), with ``changes`` typed over it."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(value, list | tuple):
            data[key] = [_post_value(v) for v in value]
        else:
            value = _post_value(value)
            if value is not None:
                data[key] = value
        if getattr(field, "disabled", False):
            data.pop(key, None)
    data.update(changes)
    return data
