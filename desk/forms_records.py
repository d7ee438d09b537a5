"""The forms of upward adoptions (上级采用) and leader instructions (领导批示): record one, delete
one with a reason, report what was done (落实情况), and the filters of the adoptions list.

The fields carry the services' argument names, so that the messages of a ``ValidationError`` from
``infowork.services`` land on their fields. Whether a value is there and sensible is the services'
to say (one wording for the desk, the admin and the commands); the forms only parse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contributors.models import Unit
from infowork.models import Level
from infowork.selectors import adoption_years

from .forms import apply_service_errors, day_field

TEXT_MAX = 5000


def _text(label, *, rows: int = 5, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


def _level() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Level"),
        choices=Level.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the levels offered.")},
    )


class RecordsForm(forms.Form):
    def apply(self, error) -> None:
        """Put the messages of a service's ``ValidationError`` on their fields."""
        apply_service_errors(self, error)


class AdoptionForm(RecordsForm):
    level = _level()
    outlet = forms.CharField(
        label=_("Adopted by"),
        required=False,
        help_text=_("The body or publication that took the article up, e.g. 省总工会《工会信息》."),
        widget=forms.TextInput(attrs={"class": "wide"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"] = day_field(_("Day adopted"))
        self.fields["note"] = _text(_("Note (optional)"), rows=3)


class InstructionForm(RecordsForm):
    leader = forms.CharField(
        label=_("Leader"),
        required=False,
        help_text=_("Name and post, e.g. 王建平副市长."),
        widget=forms.TextInput(attrs={"class": "wide"}),
    )
    level = _level()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"] = day_field(_("Day of the instruction"))
        self.fields["text"] = _text(_("What the leader wrote"), rows=6)


class FeedbackForm(RecordsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"] = _text(
            _("What was done"),
            rows=6,
            help_text=_("What your unit did about the instruction, and the results."),
        )
        self.fields["done_on"] = day_field(_("Day done"))


class DeleteForm(RecordsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _text(
            _("Why delete it"), rows=3, help_text=_("Kept in the log with what is deleted.")
        )


class AdoptionFilterForm(forms.Form):
    """GET parameters of 上级采用登记簿: ``year``, ``level``, ``unit``; all optional."""

    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose one of the years offered.")},
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the levels offered.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units"),
        error_messages={"invalid_choice": _("Choose one of the units offered.")},
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [
            (year, str(year)) for year in adoption_years()
        ]
        self.fields["level"].choices = [("", _("All levels")), *Level.choices]
        self.fields["unit"].queryset = Unit.objects.order_by("position", "name").only("pk", "name")
