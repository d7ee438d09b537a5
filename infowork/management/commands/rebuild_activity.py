"""``manage.py rebuild_activity``: rewrite the statistics events of every article, or check them."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.management.commands.rebuild_search_index import ProgressBar
from articles.models import Article
from contributors import activity


class Command(BaseCommand):
    help = gettext_lazy(
        "Rewrite the events the adoption statistics count from every article's log, status and units; "
        "with --check, only report the articles whose events are out of date."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help=gettext_lazy("Report differences, change nothing.")
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=gettext_lazy("Do not show the progress bar.")
        )

    def handle(self, *args, check: bool, no_progress: bool, **options):
        if check:
            count, first = activity.differences()
            if count:
                raise CommandError(
                    _(
                        "The statistics events of %(count)d articles are out of date (e.g. %(ids)s); run rebuild_activity."
                    )
                    % {"count": count, "ids": ", ".join(str(pk) for pk in first)}
                )
            self.stdout.write(_("The statistics events are up to date."))
            return
        progress = ProgressBar(
            stream=self.stderr, total=Article._base_manager.count(), enabled=not no_progress
        )
        # One transaction: the statistics never see a half-rebuilt table.
        with transaction.atomic():
            written = activity.rebuild(progress=lambda done, total: progress.advance(done))
        self.stdout.write(_("Rewrote %(count)d statistics events.") % {"count": written})
