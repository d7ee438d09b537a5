from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bulletin.services import publish_due


class Command(BaseCommand):
    help = gettext_lazy(
        "Publish signed issues whose scheduled publication time has come. Idempotent: safe to run "
        "from cron every minute, even twice at once."
    )

    def handle(self, *args, **options):
        failures: list = []
        published = publish_due(failures=failures)
        for issue in published:
            self.stdout.write(_("Published %(issue)s.") % {"issue": issue.label})
        if options["verbosity"] > 1 or published:
            self.stdout.write(_("%(count)s issue(s) published.") % {"count": len(published)})
        if failures:
            # A non-zero exit: cron mails the output, monitoring sees the failure.
            for issue, message in failures:
                self.stderr.write(
                    _("%(issue)s is due but could not be published: %(reason)s")
                    % {"issue": issue.label, "reason": message}
                )
            raise CommandError(
                _("%(count)d scheduled issue(s) could not be published; they stay signed and are retried.")
                % {"count": len(failures)}
            )
