"""``{{ step.actor|actor_name }}``: who did a logged step, in words. Imported and scheduled steps
have no actor; they read 系统 (or the fallback given: ``actor_name:_("the scheduler")``)."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def actor_name(user, fallback=None) -> str:
    if user is None:
        return fallback or _("the system")
    return user.get_full_name() or user.get_username()
