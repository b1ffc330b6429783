"""Where a page's CPU goes: cProfile over repeated GETs of one page, in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench SECRET_KEY=... \\
        .venv/bin/python bench/profile_page.py supplier_list [--requests 30] [--sort tottime]

Production settings (DEBUG off), the bench's URLs (bench/settings.py), the officer or the
supplier user of bench/pages.py with a session as after the two-factor step (profiling only:
the figures that count come from bench/pages.py under gunicorn).
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/6")


def page_urls():
    """``{page: url}`` of bench/pages.py for the bench database (its ``prepare()``)."""
    import io
    import json
    from contextlib import redirect_stdout

    from bench import pages

    buffer = io.StringIO()
    with redirect_stdout(buffer):
        pages.prepare()
    return json.loads(buffer.getvalue())["urls"]


def logged_in_client(page):
    """A test client logged in as bench/pages.py's user for ``page``: the supplier user for a
    portal page, otherwise the officer with a session as after the two-factor step."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bench.pages import OFFICER, PORTAL_PAGES, SUPPLIER_USER
    from oslo_procurement.accounts.models import User

    client = Client()
    if page in PORTAL_PAGES:
        client.force_login(User.objects.get(email=SUPPLIER_USER))
        return client
    user = User.objects.get(email=OFFICER)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user, confirmed=True).persistent_id
    session["two_factor_state"] = "device"
    session.save()
    return client


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--out", help="also write the profile here (pstats), to compare two runs")
    args = parser.parse_args()

    import django

    django.setup()
    urls = page_urls()
    client = logged_in_client(args.page)
    url = urls[args.page]
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    profile = cProfile.Profile(time.process_time)  # CPU time: the neighbours' load counts less
    profile.enable()
    for _ in range(args.requests):
        client.get(url)
    profile.disable()
    stats = pstats.Stats(profile)
    stats.sort_stats(args.sort).print_stats(args.limit)
    if args.out:
        stats.dump_stats(args.out)


if __name__ == "__main__":
    main()
