"""Apply Bokmål translations from a Python dict to locale/nb/LC_MESSAGES/django.po.

Usage: .venv/bin/python locale/tools/apply_nb.py DICT_FILE.py
DICT_FILE defines NB = {msgid: msgstr or (singular, plural)}. Fuzzy guesses from
makemessages are dropped unless the dict confirms them; placeholders must match."""

import re
import runpy
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "nb" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}")


def main(dict_file):
    translations = runpy.run_path(dict_file)["NB"]
    catalogue = polib.pofile(str(PO))
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid in translations:
            value = translations[entry.msgid]
            if entry.msgid_plural:
                singular, plural = value
                entry.msgstr_plural = {0: singular, 1: plural}
                pairs = [(entry.msgid, singular), (entry.msgid_plural, plural)]
            else:
                entry.msgstr = value
                pairs = [(entry.msgid, value)]
            for source, target in pairs:
                # A singular may leave out the count ("this problem" for one problem).
                wanted = set(PLACEHOLDER.findall(source)) | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
                if not set(PLACEHOLDER.findall(target)) <= wanted or (
                    source is not entry.msgid and set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(target))
                ):
                    problems.append(f"placeholders differ: {source!r} -> {target!r}")
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = {0: "", 1: ""} if entry.msgid_plural else {}
    if problems:
        sys.exit("\n".join(problems))
    catalogue.save(str(PO))
    catalogue.save_as_mofile(str(PO.with_suffix(".mo")))
    left = [e.msgid for e in catalogue.untranslated_entries()]
    print(f"{len(left)} untranslated" + (": " + "; ".join(left[:30]) if left else ""))


if __name__ == "__main__":
    main(sys.argv[1])
