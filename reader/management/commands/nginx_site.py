"""``manage.py nginx_site``: the nginx site for this installation, from deploy/nginx/bulletin.conf."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reader.publishing import nginx


class Command(BaseCommand):
    help = gettext_lazy(
        "Print the nginx site for this installation: deploy/nginx/bulletin.conf with the server name, "
        "the directories, the session cookie and the download names of these settings. Run it again "
        "after changing any of them (or the default publication's slug) and reload nginx."
    )

    def add_arguments(self, parser):
        parser.add_argument("--server-name", required=True, help=gettext_lazy("e.g. bulletin.example.org"))
        parser.add_argument(
            "--upstream",
            default=nginx.DEPLOY_UPSTREAM,
            help=gettext_lazy("Where gunicorn listens (default 127.0.0.1:8000)."),
        )
        parser.add_argument(
            "-o", "--output", help=gettext_lazy("Write to this file instead of standard output.")
        )

    def handle(self, *args, server_name, upstream, output, **options):
        try:
            text = nginx.production_config(
                server_name=server_name,
                upstream=upstream,
                pages_root=Path(settings.STATIC_PAGES_ROOT),
                static_root=Path(settings.STATIC_ROOT),
                media_root=Path(settings.MEDIA_ROOT),
                **nginx.site_values(),
            )
        except nginx.ConfigError as error:
            raise CommandError(str(error)) from None
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(
                _("Wrote %(path)s; check it with `nginx -t` and reload nginx.") % {"path": output}
            )
        else:
            self.stdout.write(text, ending="")
