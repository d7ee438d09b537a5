"""Render every public page into STATIC_PAGES_ROOT again (after a deploy that changed templates or
styles, or to start the directory), removing files of pages that are no longer public."""

from django.core.management.base import BaseCommand, CommandError

from reader import publishing


class Command(BaseCommand):
    help = "Write every published public reader page to STATIC_PAGES_ROOT; remove files no longer public."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when STATIC_PAGES is off (e.g. to fill the directory before switching it on).",
        )

    def handle(self, *args, force=False, **options):
        if not publishing.enabled() and not force:
            raise CommandError(
                "Static publishing is off (STATIC_PAGES=0 or no STATIC_PAGES_ROOT); use --force."
            )
        reason = publishing.problem() if publishing.enabled() else None
        if reason:
            raise CommandError(reason)
        outcome = publishing.rebuild()
        self.stdout.write(
            f"{publishing.root()}: {len(outcome.written)} written, {outcome.unchanged} unchanged, "
            f"{len(outcome.removed)} removed, {len(outcome.failed)} failed."
        )
        for url, reason in sorted(outcome.failed.items()):
            self.stderr.write(f"failed: {url}: {reason}")
        if outcome.failed:
            raise CommandError(
                f"{len(outcome.failed)} page(s) could not be rendered; their previous files stay."
            )
