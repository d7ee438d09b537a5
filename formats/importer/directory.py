"""The names an import looks up — units, sections, recipient groups — read once per batch of files.

What a file adds stays in the directory when the file commits; when it rolls back (an error, or a
dry run) the directory forgets everything and reads the database again for the next file.
"""

from __future__ import annotations

from bulletin.models import Section
from contributors.models import Unit
from distribution.models import RecipientGroup


class Directory:
    def __init__(self):
        self._loaded = False

    def _load(self) -> None:
        self.units: dict[str, int] = {}
        short: dict[str, list[int]] = {}
        for pk, name, short_name in Unit.objects.values_list("pk", "name", "short_name"):
            self.units[name] = pk
            if short_name:
                short.setdefault(short_name, []).append(pk)
        # A short name is only a name when exactly one unit uses it.
        self.short_names = {name: pks[0] for name, pks in short.items() if len(pks) == 1}
        self.sections: dict[str, Section] = {section.name: section for section in Section.objects.all()}
        self.groups: list[RecipientGroup] = list(RecipientGroup.objects.all())
        self._loaded = True

    def ready(self) -> Directory:
        if not self._loaded:
            self._load()
        return self

    def forget(self) -> None:
        """After a rollback: what this directory holds may no longer be in the database."""
        self._loaded = False

    def layouts(self) -> dict[str, str]:
        return {name: section.layout for name, section in self.ready().sections.items()}

    def unit_names(self) -> set[str]:
        self.ready()
        return set(self.units) | set(self.short_names)

    def add_unit(self, *, name: str, pk: int) -> None:
        self.units[name] = pk

    def add_section(self, section: Section) -> None:
        self.sections[section.name] = section
