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
    broken = [
        entry.msgid
        for entry in po.translated_entries()
        if sorted(placeholder.findall(entry.msgid)) != sorted(placeholder.findall(entry.msgstr))
    ]
    assert broken == []
