"""``{{ commission|commission_status }}``: a commission's state in the desk's words (征集中 rather
than the model's plain “open”, which the office reads as “打开”)."""

from django import template
from django.utils.translation import pgettext_lazy

register = template.Library()

LABELS = {
    "open": pgettext_lazy("commission state", "Open"),
    "overdue": pgettext_lazy("commission state", "Overdue"),
    "closed": pgettext_lazy("commission state", "Closed"),
    "cancelled": pgettext_lazy("commission state", "Cancelled"),
}


@register.filter
def commission_status(commission) -> str:
    status = getattr(commission, "status", commission)
    return str(LABELS.get(status, status))
