"""``manage.py import_bulletin FILE|FOLDER …``: bring archived bulletins in — plain text, Word
(.docx, .doc), WPS and PDF files, and folders of them."""

from __future__ import annotations

import argparse
import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bulletin.models import Publication
from formats.importer.batch import collect_files, write_report
from formats.importer.directory import Directory
from formats.importer.loader import ImportOptions
from formats.importer.readers import SUFFIXES
from formats.importer.runner import FileReport, import_bulletin_file


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("--date must look like 2013-04-26, got %(value)s.") % {"value": value}
        ) from None


class ProgressBar:
    """A one-line progress bar on stderr, redrawn in place (cleared before other output)."""

    WIDTH = 30

    def __init__(self, *, stream, total: int, enabled: bool):
        self.stream, self.total, self.enabled, self.done, self.shown = stream, total, enabled, 0, 0

    def clear(self) -> None:
        if self.enabled and self.shown:
            self.stream.write("\r" + " " * self.shown + "\r", ending="")
            self.shown = 0

    def advance(self, *, label: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        filled = self.WIDTH * self.done // self.total
        text = f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {self.done}/{self.total} {label[-40:]}"
        self.stream.write("\r" + text, ending="\n" if self.done == self.total else "")
        self.shown = 0 if self.done == self.total else len(text) * 2
        self.stream.flush()


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Import archived bulletins from plain-text, Word (.docx, .doc), WPS and PDF files, or folders "
            "of them: one issue per file, each in one transaction."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help=gettext_lazy(
                "Bulletin files (.txt, .docx, .doc, .wps, .pdf), or folders searched for them (with their subfolders)."
            ),
        )
        parser.add_argument(
            "--publication",
            metavar="SLUG",
            help=gettext_lazy(
                "Publication slug (default: the publication whose title the masthead prints, else the default one)."
            ),
        )
        parser.add_argument(
            "--year",
            type=int,
            help=gettext_lazy("Issue year, when neither the masthead nor the file name gives it."),
        )
        parser.add_argument(
            "--number",
            type=int,
            help=gettext_lazy("Issue number (第N期), when neither the masthead nor the file name gives it."),
        )
        parser.add_argument(
            "--date",
            type=_date,
            help=gettext_lazy(
                "Issue date as YYYY-MM-DD, when neither the masthead nor the file name gives it."
            ),
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help=gettext_lazy("Import as drafting issues instead of published."),
        )
        parser.add_argument(
            "--replace", action="store_true", help=gettext_lazy("Replace an issue that was imported before.")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=gettext_lazy("Check the files; write nothing.")
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help=gettext_lazy("json: print the parsed structure to stdout."),
        )
        parser.add_argument(
            "--report",
            metavar="FILE.csv",
            type=Path,
            help=gettext_lazy(
                "Write one row per file (status, issue, articles, new units, warnings) to this CSV file."
            ),
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help=gettext_lazy("Show the progress bar even when the output is not a terminal."),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=gettext_lazy("Do not show the progress bar.")
        )

    def publication(self, slug: str | None) -> Publication:
        if slug is None:
            publication = Publication.objects.default()
            if publication is None:
                raise CommandError(_("There is no publication yet; create one first."))
            return publication
        try:
            return Publication.objects.get(slug=slug)
        except Publication.DoesNotExist:
            raise CommandError(_("No publication has the slug %(slug)s.") % {"slug": slug}) from None

    def handle(self, *args, **options):
        publication = self.publication(options["publication"])
        import_options = ImportOptions(
            publication=publication,
            publication_chosen=options["publication"] is not None,
            year=options["year"],
            number=options["number"],
            date=options["date"],
            draft=options["draft"],
            replace=options["replace"],
        )
        as_json = options["format"] == "json"
        # With JSON on stdout, everything for people goes to stderr.
        out = self.stderr if as_json else self.stdout
        files, skipped = collect_files(options["files"])
        for item in skipped:
            out.write(_("Skipped %(file)s: %(reason)s.") % {"file": item.path, "reason": item.reason})
        if not files:
            raise CommandError(
                _("No bulletin files were found (%(suffixes)s).") % {"suffixes": " ".join(SUFFIXES)}
            )
        wanted = options["progress"] or self.stderr.isatty()
        progress = ProgressBar(
            stream=self.stderr,
            total=len(files),
            enabled=len(files) > 1 and wanted and not options["no_progress"],
        )
        reports: list[FileReport] = []
        directory = Directory()
        for path in files:
            report = import_bulletin_file(
                path=path, options=import_options, dry_run=options["dry_run"], directory=directory
            )
            reports.append(report)
            progress.clear()
            self.report_file(report=report, out=out, dry_run=options["dry_run"])
            progress.advance(label=path.name)
        if options["report"] is not None:
            write_report(path=options["report"], reports=reports, skipped=skipped, dry_run=options["dry_run"])
            out.write(_("Report written to %(file)s.") % {"file": options["report"]})
        if as_json:
            parsed = [report.parsed.as_json() if report.parsed else None for report in reports]
            self.stdout.write(
                json.dumps(parsed[0] if len(parsed) == 1 else parsed, ensure_ascii=False, indent=2)
            )
        self.summarise(reports=reports, out=out, dry_run=options["dry_run"])

    def report_file(self, *, report: FileReport, out, dry_run: bool) -> None:
        for notice in report.warnings:
            self.stderr.write(
                self.style.WARNING(
                    _("Warning: %(file)s, line %(line)s: %(message)s")
                    % {"file": report.source, "line": notice.line, "message": notice.message}
                )
            )
        if report.error is not None:
            self.stderr.write(
                self.style.ERROR(
                    _("Error: %(problem)s") % {"problem": report.error.describe(source=report.source)}
                )
            )
            self.stderr.write(_("Nothing from %(file)s was saved.") % {"file": report.source})
            return
        if dry_run:
            message = _("%(file)s (%(encoding)s): would import %(label)s with %(articles)s articles.")
        elif report.result.replaced:
            message = _("%(file)s (%(encoding)s): replaced %(label)s, now with %(articles)s articles.")
        else:
            message = _("%(file)s (%(encoding)s): imported %(label)s with %(articles)s articles.")
        message %= {
            "file": report.source,
            "encoding": report.encoding,
            "label": report.result.label,
            "articles": report.result.articles,
        }
        visibility = ""
        if report.result.marks:
            visibility = _(
                "It is internal (the masthead is marked %(marks)s): for registered readers only."
            ) % {"marks": "、".join(report.result.marks)}
        elif report.result.internal:
            visibility = _("It is internal, as the publication's issues are: for registered readers only.")
        if visibility:
            # Two sentences: a space between them in English, none in Chinese.
            message = _("%(imported)s %(visibility)s") % {"imported": message, "visibility": visibility}
        out.write(message)
        if dry_run:
            # What the file would create, besides the issue and its articles.
            if report.result.new_units:
                out.write(
                    "  " + _("would create units: %(names)s") % {"names": "、".join(report.result.new_units)}
                )
            if report.result.new_sections:
                out.write(
                    "  "
                    + _("would create sections: %(names)s") % {"names": "、".join(report.result.new_sections)}
                )
        if report.pictures:
            out.write("  " + _("pictures kept with their articles: %(count)s") % {"count": report.pictures})

    def summarise(self, *, reports: list[FileReport], out, dry_run: bool) -> None:
        results = [report.result for report in reports if report.result is not None]
        failed = [report for report in reports if report.error is not None]
        new_units = sorted({name for result in results for name in result.new_units})
        new_sections = sorted({name for result in results for name in result.new_sections})
        if new_units:
            out.write(_("New units: %(names)s") % {"names": "、".join(new_units)})
        if new_sections:
            out.write(_("New sections: %(names)s") % {"names": "、".join(new_sections)})
        out.write(
            _(
                "Summary: %(issues)s issues, %(articles)s articles, %(units)s new units, %(sections)s new "
                "sections, %(warnings)s warnings, %(failed)s files failed."
            )
            % {
                "issues": len(results),
                "articles": sum(result.articles for result in results),
                "units": len(new_units),
                "sections": len(new_sections),
                "warnings": sum(len(report.warnings) for report in reports),
                "failed": len(failed),
            }
        )
        if dry_run:
            out.write(_("Dry run: nothing was saved."))
        if failed:
            raise CommandError(
                _("%(failed)s of %(total)s files could not be imported.")
                % {"failed": len(failed), "total": len(reports)},
                returncode=1,
            )
