"""The editor's compose forms: the masthead and the footer lines of a drafting issue."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bulletin.models import Issue, Visibility
from distribution.models import RecipientGroup

from .forms import day_field


class MastheadForm(forms.Form):
    number = forms.IntegerField(
        label=_("Issue number (第N期)"),
        min_value=1,
        max_value=999,
        error_messages={"required": _("Give the issue number."), "invalid": _("Enter a whole number.")},
    )
    total_number = forms.IntegerField(
        label=_("Running number (总第M期)"),
        min_value=1,
        max_value=99999,
        required=False,
        help_text=_("Leave empty if the bulletin does not count its issues."),
        error_messages={"invalid": _("Enter a whole number.")},
    )
    issue_date = day_field(_("Date"), required=True, messages={"required": _("Give the date of the issue.")})
    copies = forms.IntegerField(
        label=_("Copies printed (共印N份)"),
        min_value=1,
        max_value=100000,
        required=False,
        error_messages={"invalid": _("Enter a whole number.")},
    )
    visibility = forms.ChoiceField(label=_("Who may read it online"), choices=Visibility.choices)

    @classmethod
    def for_issue(cls, issue: Issue, data=None):
        initial = {
            field: getattr(issue, field)
            for field in ("number", "total_number", "issue_date", "copies", "visibility")
        }
        return cls(data, initial=initial, prefix="masthead")


class FooterLineForm(forms.Form):
    groups = forms.ModelMultipleChoiceField(
        label=_("Recipient groups"),
        queryset=RecipientGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose among the groups offered."),
            "invalid_pk_value": _("Choose among the groups offered."),
        },
    )
    text = forms.CharField(
        label=_("Or the text as printed"),
        required=False,
        max_length=1000,
        help_text=_("Replaces the groups' names on the printed line; leave empty to print the names."),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, prefix=f"line-{kind}", **kwargs)
        self.kind = kind
        self.fields["groups"].queryset = RecipientGroup.objects.filter(kind=kind, active=True).order_by(
            "position", "pk"
        )
