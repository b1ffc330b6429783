"""The production static storage (oslo_procurement/staticfiles.py) gives the addresses
whitenoise's manifest storage gives, looked up once per process."""

import json

import pytest
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

from oslo_procurement.staticfiles import StaticFilesStorage


@pytest.fixture
def collected(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "app.abc123.css").write_text("body{}")
    manifest = {"paths": {"css/app.css": "css/app.abc123.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return tmp_path


@pytest.mark.parametrize("name", ["css/app.css", "css/app.css#frag", "css/app.css?#iefix", "css/"])
def test_addresses_are_whitenoises(collected, name):
    ours = StaticFilesStorage(location=collected, base_url="/static/")
    theirs = CompressedManifestStaticFilesStorage(location=collected, base_url="/static/")
    assert ours.url(name) == theirs.url(name)
    assert ours.url(name) == theirs.url(name)  # from the dict the second time
    with override_settings(DEBUG=True):
        assert ours.url(name) == theirs.url(name)
        assert ours.url("css/app.css") == "/static/css/app.css"  # DEBUG: the file as it is
    assert ours.url(name, force=True) == theirs.url(name, force=True)


def test_a_missing_file_fails_every_time(collected):
    storage = StaticFilesStorage(location=collected, base_url="/static/")
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("js/missing.js")
    assert storage.url("css/app.css") == "/static/css/app.abc123.css"
