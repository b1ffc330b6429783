"""Both catalogues are complete: every user-facing string in the code is in the Bokmål
catalogue, translated, not fuzzy, and compiled into the .mo file that Django reads; the
English catalogue holds the same messages, each with its English text."""

import os
import pathlib
import shutil
import subprocess
import sys

import polib
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "nb" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
EN_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_bokmal_catalogue_is_complete():
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == [], f"untranslated: {untranslated[:20]}"
    assert fuzzy == [], f"fuzzy: {fuzzy[:20]}"


def test_english_catalogue_is_complete_and_has_the_same_messages():
    nb = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO)) if not e.obsolete}
    english = polib.pofile(str(EN_PO))
    en = {(e.msgctxt, e.msgid) for e in english if not e.obsolete}
    assert sorted(nb - en) == [], "run `make messages` (locale/tools/sync_en.py)"
    assert sorted(en - nb) == []
    untranslated = [e.msgid for e in english.untranslated_entries()] + [e.msgid for e in english.fuzzy_entries()]
    assert untranslated == [], f"untranslated in English: {untranslated[:20]}"


@pytest.mark.parametrize("po_path", [PO, EN_PO], ids=["nb", "en"])
def test_compiled_catalogue_matches_the_source(po_path):
    po = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(po_path)) if not e.obsolete}
    mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(po_path.with_suffix(".mo")))}
    stale = [key for key, value in po.items() if mo.get(key) != value and key[1]]
    assert stale == [], f"run `make messages`: the .mo is older than the .po for {stale[:10]}"


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Extract the strings afresh and compare with the committed catalogue."""
    if shutil.which("xgettext") is None:
        pytest.fail("gettext is missing: `make test` installs it")
    # A copy of the code, so makemessages writes into the copy's locale/ and not ours.
    for item in ROOT.iterdir():
        if item.name in {"oslo_procurement", "suppliers", "criteria", "contracts", "followup", "templates"}:
            shutil.copytree(item, tmp_path / item.name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    (tmp_path / "locale" / "nb" / "LC_MESSAGES").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "nb", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={**os.environ, "VAR_DIR": str(tmp_path / "var")},
    )
    fresh = {e.msgid for e in polib.pofile(str(tmp_path / "locale" / "nb" / "LC_MESSAGES" / "django.po"))}
    committed = {e.msgid for e in polib.pofile(str(PO)) if not e.obsolete}
    missing = sorted(fresh - committed)
    assert missing == [], f"run `make messages` and translate: {missing[:20]}"
    # And the other way: a message only the catalogue knows would be dropped by the next
    # `make messages` (--no-obsolete), its translation with it: a gettext call inside an
    # f-string is such a message (xgettext does not read f-strings' expressions).
    unseen = sorted(committed - fresh - {""})
    assert unseen == [], f"messages makemessages no longer finds in the code: {unseen[:20]}"
