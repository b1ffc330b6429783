"""Does a change pay? The page's CPU time with and without it, in turns, in one process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench SECRET_KEY=... \\
        .venv/bin/python bench/ab.py assessment_review --variant path/to/variant.py [--rounds 30]

The variant file defines ``on()`` and ``off()``: ``on()`` puts the change in place (usually by
assigning a new function over an old one), ``off()`` puts the old code back. Batches of
``--batch`` requests alternate between the two, the order switching every round; the figure is
the median over the rounds of (CPU time with the change) / (CPU time without it), with its
quartiles, so that what the neighbours on a shared machine do between two batches counts for
little. The pages' bodies with and without the change are compared first (the CSRF token
aside): a change that alters what users see is refused.

Production settings (DEBUG off) and the users of bench/profile_page.py. Figures that count for
the issue's targets come from bench/run.py under gunicorn; this says which steps to keep.
"""

import argparse
import importlib.util
import json
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.profile_page import logged_in_client, page_urls  # noqa: E402  (sets the settings first)

CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=|csrf-token" content=|"X-CSRFToken": )"[^"]*"')


def load_variant(path):
    spec = importlib.util.spec_from_file_location("ab_variant", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def batch(client, url, count):
    started = time.process_time()
    for _ in range(count):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    return time.process_time() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page")
    parser.add_argument("--variant", required=True, help="a file defining on() and off()")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--batch", type=int, default=8)
    args = parser.parse_args()

    import django

    django.setup()
    variant = load_variant(args.variant)
    url = page_urls()[args.page]
    client = logged_in_client(args.page)

    bodies = {}
    for name, switch in (("off", variant.off), ("on", variant.on), ("off", variant.off)):
        switch()
        bodies.setdefault(name, CSRF.sub(b"", client.get(url).content))
    if bodies["on"] != bodies["off"]:
        sys.exit("The page differs with the change: refused (compare the two bodies by hand).")

    for switch in (variant.on, variant.off):  # warm both paths
        switch()
        batch(client, url, args.batch)
    ratios = []
    for index in range(args.rounds):
        order = (variant.on, variant.off) if index % 2 else (variant.off, variant.on)
        times = {}
        for switch in order:
            switch()
            times[switch] = batch(client, url, args.batch)
        ratios.append(times[variant.on] / times[variant.off])
    variant.off()
    quartiles = statistics.quantiles(ratios, n=4)
    print(
        json.dumps(
            {
                "page": args.page,
                "variant": Path(args.variant).name,
                "rounds": args.rounds,
                "batch": args.batch,
                "median_ratio_on_to_off": round(statistics.median(ratios), 4),
                "quartiles": [round(q, 4) for q in (quartiles[0], quartiles[2])],
            }
        )
    )


if __name__ == "__main__":
    main()
