"""Model choice fields that answer an id no integer column can hold with a form error.

Django looks a posted id up as it came; on SQLite a 20-digit id raises OverflowError (a 500) where
any other bad id is the field's own "not a valid value" error. These fields give that error first.
"""

from django import forms
from django.core.exceptions import ValidationError

BIGINT_LIMIT = 2**63


def _too_big(value) -> bool:
    text = str(value).strip().lstrip("+-")
    return text.isdigit() and int(text) >= BIGINT_LIMIT


class BoundedModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and _too_big(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if _too_big(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
