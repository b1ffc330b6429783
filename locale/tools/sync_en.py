"""Keep the English catalogue complete: every message of the Bokmål catalogue is in
locale/en/LC_MESSAGES/django.po, translated. The source strings are English, so a new
message gets its own text; a deliberate English rewording already in the catalogue is kept.

Usage (run by `make messages`): .venv/bin/python locale/tools/sync_en.py"""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent
NB = LOCALE / "nb" / "LC_MESSAGES" / "django.po"
EN = LOCALE / "en" / "LC_MESSAGES" / "django.po"


def main():
    source = polib.pofile(str(NB))
    existing = {}
    if EN.exists():
        existing = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(EN)) if not e.obsolete}
    catalogue = polib.POFile(wrapwidth=source.wrapwidth)
    catalogue.metadata = {
        **source.metadata,
        "Language": "en",
        "Language-Team": "English",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    added = 0
    for entry in source:
        if entry.obsolete:
            continue
        old = existing.get((entry.msgctxt, entry.msgid))
        new = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgid_plural=entry.msgid_plural, flags=[])
        new.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        if entry.msgid_plural:
            kept = old.msgstr_plural if old is not None and all(old.msgstr_plural.values()) else None
            new.msgstr_plural = kept or {0: entry.msgid, 1: entry.msgid_plural}
        else:
            new.msgstr = old.msgstr if old is not None and old.msgstr else entry.msgid
        added += old is None
        catalogue.append(new)
    EN.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(EN))
    catalogue.save_as_mofile(str(EN.with_suffix(".mo")))
    print(f"English catalogue: {len(catalogue)} messages, {added} new")


if __name__ == "__main__":
    main()
