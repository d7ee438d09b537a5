from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infowork.services import commissions_mark_overdue


class Command(BaseCommand):
    help = gettext_lazy(
        "Mark open commissions whose deadline has passed as overdue. Idempotent: safe to run daily "
        "from a timer, or twice."
    )

    def handle(self, *args, **options):
        marked = commissions_mark_overdue()
        for commission in marked:
            self.stdout.write(
                _("Overdue: %(title)s (deadline %(deadline)s).")
                % {"title": commission.title, "deadline": commission.deadline.isoformat()}
            )
        if options["verbosity"] > 1 or marked:
            self.stdout.write(_("%(count)d commission(s) marked overdue.") % {"count": len(marked)})
