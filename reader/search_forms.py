"""The reader's search form: the query and the year, section and unit filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bulletin.models import Section
from bulletin.selectors import issues_visible_to
from contributors.models import Unit, descendant_ids


def unit_choices() -> list[tuple[int, str]]:
    """Every unit, each under its parent, indented by depth: one query."""
    units = list(Unit.objects.order_by("position", "name").values_list("pk", "name", "parent_id"))
    children: dict[int | None, list] = {}
    for pk, name, parent in units:
        children.setdefault(parent, []).append((pk, name))
    known = {pk for pk, _name, _parent in units}
    choices, seen = [], set()

    def walk(parent, depth):
        for pk, name in children.get(parent, []):
            if pk in seen:
                continue
            seen.add(pk)
            choices.append((pk, "\u3000" * depth + name))
            walk(pk, depth + 1)

    walk(None, 0)
    for parent in [parent for parent in children if parent is not None and parent not in known]:
        walk(parent, 0)  # orphans (a parent that no longer exists): listed at the top level
    return choices


class SearchForm(forms.Form):
    # No max_length: a long query is shortened with a note, never refused.
    q = forms.CharField(label=_("Search for"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    section = forms.ChoiceField(label=_("Section"), required=False)
    unit = forms.TypedChoiceField(
        label=_("Unit"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Includes the units under it."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        any_choice = [("", _("Any"))]
        years = issues_visible_to(user).order_by("-year").values_list("year", flat=True).distinct()
        self.fields["year"].choices = any_choice + [(year, str(year)) for year in years]
        sections = Section.objects.order_by("position", "pk").values_list("slug", "name")
        self.fields["section"].choices = any_choice + list(sections)
        self.fields["unit"].choices = any_choice + unit_choices()

    def filter(self, articles):
        """``articles`` narrowed by the valid filters; an invalid one is reported on the form and ignored."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        if data.get("year"):
            articles = articles.filter(issue__year=data["year"])
        if data.get("section"):
            articles = articles.filter(section__slug=data["section"])
        if data.get("unit"):
            through = articles.model.units.through
            units = descendant_ids([data["unit"]])
            articles = articles.filter(pk__in=through.objects.filter(unit_id__in=units).values("article_id"))
        return articles
