from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from bulletin.services import publish_due


class Command(BaseCommand):
    help = _(
        "Publish signed issues whose scheduled publication time has come. Idempotent: safe to run "
        "from cron every minute, even twice at once."
    )

    def handle(self, *args, **options):
        published = publish_due()
        for issue in published:
            self.stdout.write(_("Published %(issue)s.") % {"issue": issue.label})
        if options["verbosity"] > 1 or published:
            self.stdout.write(_("%(count)s issue(s) published.") % {"count": len(published)})
