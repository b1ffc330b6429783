"""The production settings, with the benchmark's two extra views (bench/urls.py) beside the
project's URLs. Nothing else differs: DEBUG off, PostgreSQL and Redis from the environment."""

from oslo_procurement.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
