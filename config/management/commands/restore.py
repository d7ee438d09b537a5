from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from config.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = _("Restore a backup archive into an empty database.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help=_("The archive written by manage.py backup."))
        parser.add_argument(
            "--force", action="store_true", help=_("Replace the contents of a database that is not empty.")
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            report = backup_restore(archive_path=Path(archive), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Restored the backup of %(created)s (%(count)d media files).")
            % {"created": report.created, "count": report.media_files}
        )
