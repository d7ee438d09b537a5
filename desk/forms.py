"""The range form of the statistics pages: a preset (本月, 上月, 本季度, 本年) or two dates."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bulletin.models import Publication
from infowork.stats import DateRange, Preset, check_range, preset_range

DATE_FORMAT = "%Y-%m-%d"
DATE_MESSAGE = _("Enter the date as YYYY-MM-DD, for example 2026-01-31.")


def day_field(label, *, required: bool = False, messages: dict | None = None) -> forms.DateField:
    """A day typed or picked as YYYY-MM-DD (the browser's date picker), with the Chinese error for
    anything else: the desk's forms all ask for days this way."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=[DATE_FORMAT],
        error_messages={"invalid": DATE_MESSAGE, **(messages or {})},
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
    )


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put the messages of a service's ``ValidationError`` on the form's fields of the same names
    (on the form as a whole for the other names)."""
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


class StatsRangeForm(forms.Form):
    """GET parameters: ``preset``, or ``from`` and ``to`` (YYYY-MM-DD); ``rollup``; ``publication``.

    With neither a preset nor dates, the range is this month. Dates without a preset mean a custom
    range. ``cleaned_data["range"]`` is the resulting :class:`~infowork.stats.DateRange`.
    """

    preset = forms.ChoiceField(
        label=_("Range"),
        choices=Preset.choices,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the ranges offered.")},
    )
    rollup = forms.BooleanField(
        label=_("Include the units below each unit"),
        required=False,
        help_text=_(
            "Each line then counts its unit and every unit under it, e.g. a city union and its town unions."
        ),
    )
    publication = forms.ModelChoiceField(
        label=_("Publication"),
        queryset=Publication.objects.all(),
        required=False,
        empty_label=_("All publications"),
        error_messages={"invalid_choice": _("Choose one of the publications offered.")},
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # “from” is a Python keyword, so the two date fields are added here under their URL names.
        self.fields["from"] = day_field(_("From"))
        self.fields["to"] = day_field(_("To"))
        self.order_fields(["preset", "from", "to", "rollup", "publication"])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        preset = data.get("preset") or ""
        first, last = data.get("from"), data.get("to")
        if preset and preset != Preset.CUSTOM:
            data["range"] = preset_range(preset)
            return data
        if first is None and last is None:
            if preset == Preset.CUSTOM:
                raise ValidationError(_("Give the first and the last day of the range."), code="missing")
            data["range"] = preset_range(Preset.MONTH)
            return data
        if first is None or last is None:
            raise ValidationError(_("Give the first and the last day of the range."), code="missing")
        check_range(first, last)
        data["range"] = DateRange(first, last, Preset.CUSTOM)
        return data

    def error_messages_list(self) -> list[str]:
        """Every problem as one sentence each, in field order, for the page and the 400 body."""
        messages = []
        for name, errors in self.errors.items():
            field = self.fields.get(name)
            for error in errors:
                if field is None:
                    messages.append(str(error))
                else:
                    messages.append(gettext("%(field)s: %(error)s") % {"field": field.label, "error": error})
        return messages
