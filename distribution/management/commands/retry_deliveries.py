from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from distribution.tasks import deliveries_due


class Command(BaseCommand):
    help = _(
        "Send again the issue e-mails that failed and whose next attempt has come. Run it every few "
        "minutes from cron when the task backend cannot schedule retries itself."
    )

    def handle(self, *args, **options):
        ids = deliveries_due()
        self.stdout.write(_("Deliveries queued again: %(count)d.") % {"count": len(ids)})
