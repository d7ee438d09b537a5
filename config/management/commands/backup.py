from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from config.backup import BackupError, backup_create


class Command(BaseCommand):
    help = _("Write a backup archive of the database and the media files, with checksums.")

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", help=_("Archive file to write (default: var/backups/bulletin-<time>.tar.gz).")
        )
        parser.add_argument("--no-media", action="store_true", help=_("Leave the media files out."))

    def handle(self, *args, output=None, no_media=False, **options):
        if output:
            target = Path(output)
        else:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            target = Path(settings.VAR_DIR) / "backups" / f"bulletin-{stamp}.tar.gz"
        try:
            manifest = backup_create(target=target, include_media=not no_media)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Backup written to %(path)s (%(vendor)s database, %(count)d media files).")
            % {"path": target, "vendor": manifest["database"]["vendor"], "count": len(manifest["media"])}
        )
