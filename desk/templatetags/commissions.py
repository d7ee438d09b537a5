"""``{{ commission|commission_status }}``: a commission's state in the desk's words (征集中), from the
model's labels; also takes the bare status value."""

from django import template

from infowork.models import Commission

register = template.Library()

LABELS = dict(Commission.Status.choices)


@register.filter
def commission_status(commission) -> str:
    status = getattr(commission, "status", commission)
    return str(LABELS.get(status, status))
