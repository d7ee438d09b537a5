"""The admin in Chinese where Django and the apps it uses leave English.

- Strings that Django's own zh_Hans catalogue lacks ("- Select an option -", "Filter by …") and the
  task queue's verbose names are marked here so that our catalogue (locale/) carries their Chinese;
  Django merges the catalogues, ours first.
- Permission names, stored in English ("Can add log entry"), are shown translated by
  ``contributors.admin_mixins.TranslatedPermissionsMixin``.
- Yes/no icons carry ``alt="True"``; :func:`install` makes their text the translated word.
"""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# Django's own strings without a zh_Hans translation in the Django release we use.
gettext_noop("- Select an option -")
gettext_noop("Filter by %(field_name)s")
# django_tasks_db's model and field names (its catalogue has no Chinese).
gettext_noop("Task Result")
gettext_noop("Task Results")
gettext_noop("enqueued at")
gettext_noop("started at")
gettext_noop("finished at")
gettext_noop("args kwargs")
gettext_noop("priority")
gettext_noop("task path")
gettext_noop("worker id")
gettext_noop("queue name")
gettext_noop("backend name")
gettext_noop("run after")
gettext_noop("return value")
gettext_noop("exception class path")
gettext_noop("traceback")


def _boolean_icon(field_val):
    icon = {True: "yes", False: "no", None: "unknown"}[field_val]
    text = {True: _("Yes"), False: _("No"), None: _("Unknown")}[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def install() -> None:
    """Give the admin's yes/no icons translated ``alt`` text (Django writes ``True``/``False``).
    Every caller in Django imports the function from ``admin_list`` when it runs."""
    admin_list._boolean_icon = _boolean_icon
