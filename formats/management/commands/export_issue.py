"""``manage.py export_issue YEAR-NUMBER --format txt|pdf|docx [-o FILE]``: write one whole issue."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bulletin.models import Issue, Publication
from formats.exporters import available_formats, export_errors, get_format

_ISSUE = re.compile(r"^(\d{4})-(\d{1,3})$")


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _("Export one issue, e.g. export_issue 2012-2 --format txt -o 2012-02.txt.")

    def add_arguments(self, parser):
        parser.add_argument("issue", metavar="YEAR-NUMBER", help=gettext_lazy("The issue, e.g. 2012-2."))
        parser.add_argument(
            "--format",
            default="txt",
            help=gettext_lazy("Export format: txt, and pdf or docx where available."),
        )
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help=gettext_lazy("Write to this file instead of standard output."),
        )
        parser.add_argument(
            "--publication", metavar="SLUG", help=gettext_lazy("Publication slug (default: the default one).")
        )

    def find_issue(self, *, label: str, slug: str | None) -> Issue:
        found = _ISSUE.match(label.strip())
        if not found:
            raise CommandError(
                _("Give the issue as YEAR-NUMBER, e.g. 2012-2; got %(value)s.") % {"value": label}
            )
        year, number = int(found[1]), int(found[2])
        publication = Publication.objects.filter(slug=slug).first() if slug else Publication.objects.default()
        if publication is None:
            raise CommandError(_("No publication has the slug %(slug)s.") % {"slug": slug})
        issue = (
            Issue.objects.select_related("publication")
            .filter(publication=publication, year=year, number=number)
            .first()
        )
        if issue is None:
            raise CommandError(
                _("There is no issue %(number)s of %(year)s in %(publication)s.")
                % {"number": number, "year": year, "publication": publication.title}
            )
        return issue

    def handle(self, *args, **options):
        export_format = get_format(options["format"])
        if export_format is None:
            raise CommandError(
                _("The format %(format)s is not available; available: %(available)s.")
                % {"format": options["format"], "available": ", ".join(available_formats())}
            )
        issue = self.find_issue(label=options["issue"], slug=options["publication"])
        try:
            content = export_format.render(issue=issue)
        except export_errors() as error:
            raise CommandError(str(error)) from error
        if options["output"]:
            path = Path(options["output"])
            try:
                path.write_bytes(content)
            except OSError as error:
                raise CommandError(
                    _("Cannot write %(file)s: %(reason)s") % {"file": path, "reason": error.strerror or error}
                ) from None
            self.stderr.write(_("Wrote %(label)s to %(file)s.") % {"label": issue.label, "file": path})
        elif export_format.is_text:
            self.stdout.write(content.decode("utf-8"), ending="")
        else:
            raise CommandError(
                _("The %(format)s format is binary; give a file with -o.") % {"format": export_format.name}
            )
