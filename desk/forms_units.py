"""The editor's forms for the unit list: the search, a former name, the note of a merge."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contributors.models import UnitFormerName

# Django's own words for these ("确保该变量包含不超过…") read like a program's; the office's instead.
TOO_LONG = _("Write at most %(limit_value)d characters; this has %(show_value)d.")
YEAR_RANGE = _("Write a year from 1949 to 2100.")


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise forms.ValidationError(
            _("The text contains a character that cannot be stored (NUL); remove it.")
        )
    return value.strip()


class UnitSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name contains"), required=False, max_length=100, error_messages={"max_length": TOO_LONG}
    )

    def clean_q(self):
        return _no_nul(self.cleaned_data["q"])


class FormerNameForm(forms.Form):
    name = forms.CharField(
        label=_("Former name"),
        max_length=UnitFormerName._meta.get_field("name").max_length,
        help_text=_("The full name as it was printed, e.g. the name before the place was re-designated."),
        error_messages={"required": _("Write the former name."), "max_length": TOO_LONG},
    )
    until_year = forms.IntegerField(
        label=_("Used until (year)"),
        required=False,
        min_value=1949,
        max_value=2100,
        help_text=_("Optional: the last year the name was used."),
        error_messages={
            "invalid": _("Write the year as four digits, e.g. 2012."),
            "min_value": YEAR_RANGE,
            "max_value": YEAR_RANGE,
        },
    )
    note = forms.CharField(
        label=pgettext_lazy("former name", "Note"),
        required=False,
        max_length=200,
        help_text=_("Optional: why the name changed, e.g. the county became a district."),
        error_messages={"max_length": TOO_LONG},
    )

    def clean_name(self):
        return _no_nul(self.cleaned_data["name"])

    def clean_note(self):
        return _no_nul(self.cleaned_data["note"])


class MergeForm(forms.Form):
    note = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: the two districts were merged in 2012. It is kept in the unit's history."),
        error_messages={"max_length": TOO_LONG},
    )

    def clean_note(self):
        return _no_nul(self.cleaned_data["note"])
