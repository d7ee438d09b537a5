"""Everything a person sees is Chinese: the catalogue is complete and compiled from current code."""

from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po"


def test_every_message_is_translated():
    po = polib.pofile(str(CATALOGUE))
    missing = [
        entry.msgid
        for entry in po
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
    ]
    assert missing == []


def test_placeholders_survive_translation():
    po = polib.pofile(str(CATALOGUE))
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
    broken = []
    for entry in po.translated_entries():
        # Chinese has one plural form: it must carry the placeholders of the plural msgid.
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        expected = sorted(set(placeholder.findall(entry.msgid_plural or entry.msgid)))
        broken += [entry.msgid for text in translations if sorted(set(placeholder.findall(text))) != expected]
    assert broken == []
