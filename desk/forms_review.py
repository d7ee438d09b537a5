"""The editor's forms: the review queue's filters, the note of a review action, a comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contributors.models import Unit

from .forms import day_field


class QueueFilterForm(forms.Form):
    """GET parameters of 待审: ``unit``, ``q`` (words of the title), ``from`` and ``to`` (the day
    submitted). Everything optional; a bad value is an error shown above the list."""

    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units"),
        error_messages={"invalid_choice": _("Choose one of the units offered.")},
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.fields["unit"].queryset = (
            Unit.objects.filter(active=True).order_by("position", "name").only("pk", "name")
        )
        for name, label in (("from", _("Submitted from")), ("to", _("Submitted until"))):
            self.fields[name] = day_field(label)

    def clean_q(self):
        value = self.cleaned_data["q"].strip()
        if "\x00" in value:
            raise forms.ValidationError(_("The search contains a character that cannot be used (NUL)."))
        return value

    def clean(self):
        data = super().clean()
        first, last = data.get("from"), data.get("to")
        if first and last and first > last:
            raise forms.ValidationError(
                _("The first day (%(first)s) is after the last day (%(last)s); swap them and try again.")
                % {"first": first.isoformat(), "last": last.isoformat()}
            )
        return data


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, label=None, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["note"]
        if label:
            field.label = label
        field.required = required
        field.error_messages["required"] = _("Write %(what)s; the correspondent sees it.") % {
            "what": str(field.label)
        }

    def clean_note(self):
        value = self.cleaned_data["note"].strip()
        if "\x00" in value:
            raise forms.ValidationError(
                _("The note contains a character that cannot be stored (NUL); remove it.")
            )
        if self.fields["note"].required and not value:
            raise forms.ValidationError(self.fields["note"].error_messages["required"])
        return value


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the comment first.")},
    )
    paragraph = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
