"""The names an import looks up — units, sections, recipient groups — read once per batch of files.

What a file adds stays in the directory when the file commits; when it rolls back (an error, or a
dry run) the directory forgets everything and reads the database again for the next file.
"""

from __future__ import annotations

from bulletin.models import Section
from contributors.models import Unit, UnitFormerName
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
        # 曾用名: an old name leads to today's unit (吴江市总工会 → 吴江区总工会).
        self.former_names: dict[str, int] = dict(UnitFormerName.objects.values_list("name", "unit_id"))
        self.unit_names_by_pk: dict[int, str] = {pk: name for name, pk in self.units.items()}
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
        return set(self.units) | set(self.short_names) | set(self.former_names)

    def unit_for(self, name: str) -> int | None:
        """Today's unit for a name as printed: a current name, an unambiguous short name, or a former
        name; ``None`` for a name no unit has."""
        self.ready()
        for names in (self.units, self.short_names, self.former_names):
            if name in names:
                return names[name]
        return None

    def current_name(self, pk: int) -> str:
        return self.unit_names_by_pk.get(pk, "")

    def add_unit(self, *, name: str, pk: int) -> None:
        self.units[name] = pk
        self.unit_names_by_pk[pk] = name

    def add_section(self, section: Section) -> None:
        self.sections[section.name] = section
