"""The project's URLs plus two views that bench/pages.py measures beside every page:

- ``/bench/hello/``: a hello-world view, the cost of Django, the middleware and gunicorn alone;
- ``/bench/floor/<page>/``: a page's floor: the SQL that page ran (captured by bench/pages.py,
  minus what the middleware runs for every request, which this request runs itself) replayed
  with a raw cursor, every row written out as escaped HTML.

Only bench/settings.py uses this module; it is never part of the deployed application."""

import json
import os

from django.db import connection
from django.http import HttpResponse
from django.urls import path
from django.utils.html import escape

from oslo_procurement.urls import urlpatterns as project_urlpatterns

_floors = {}


def hello(request):
    return HttpResponse("Hello, world")


hello.access = "public"


def floor(request, page):
    if not _floors:
        with open(os.environ["BENCH_FLOOR_FILE"], encoding="utf-8") as handle:
            _floors.update(json.load(handle))
    parts = ["<!doctype html><html lang=en><title>floor</title><table>"]
    with connection.cursor() as cursor:
        for sql in _floors[page]:
            cursor.execute(sql)
            if cursor.description is None:
                continue
            for row in cursor.fetchall():
                parts.append("<tr>")
                parts.extend(f"<td>{escape(value)}</td>" for value in row)
                parts.append("</tr>")
    parts.append("</table>")
    return HttpResponse("".join(parts))


floor.access = "public"

urlpatterns = [
    path("bench/hello/", hello),
    path("bench/floor/<str:page>/", floor),
    *project_urlpatterns,
]
