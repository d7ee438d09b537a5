"""One file, start to finish: read (text, Word, WPS or PDF, see ``readers``), parse, load — in one
transaction, so that a file that fails leaves nothing behind (the files of its pictures included).
The command and the benchmark both go through here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from .directory import Directory
from .errors import BulletinImportError
from .loader import ImportOptions, LoadResult, load_bulletin
from .parser import parse_bulletin
from .pictures import check_pictures, delete_files, store_pictures
from .readers import read_source
from .structure import Notice, ParsedBulletin


@dataclass
class FileReport:
    source: str
    encoding: str | None = None
    parsed: ParsedBulletin | None = None
    result: LoadResult | None = None
    error: BulletinImportError | None = None
    warnings: list[Notice] = field(default_factory=list)
    pictures: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


def read_bulletin(*, path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise BulletinImportError(
            line=None, message=_("The file cannot be read: %(reason)s") % {"reason": error.strerror or error}
        ) from None


def import_bulletin_data(
    *,
    data: bytes,
    source: str,
    options: ImportOptions,
    dry_run: bool = False,
    directory: Directory | None = None,
    file_name: str | None = None,
) -> FileReport:
    """Import one bulletin's bytes in one transaction; with ``dry_run`` everything is rolled back.
    Pass one ``directory`` to all the files of a batch to look names up once. ``file_name`` (by
    default ``source``) is the path whose name and folders may give the year and number."""
    report = FileReport(source=source)
    directory = directory or Directory()
    stored: list = []
    try:
        read = read_source(data=data, name=source)
        report.encoding = read.label
        if not read.text.strip():
            raise BulletinImportError(
                line=None,
                message=_("The file has no text, only pictures.")
                if read.pictures
                else _("The file has no text: it is empty or blank."),
            )
        with transaction.atomic():
            report.parsed = parse_bulletin(
                text=read.text,
                layouts=directory.layouts(),
                known_units=directory.unit_names(),
                hints=read.hints,
                file_name=file_name or source,
            )
            report.warnings = list(report.parsed.warnings)
            try:
                report.result = load_bulletin(parsed=report.parsed, options=options, directory=directory)
            except DatabaseError as error:
                raise BulletinImportError(
                    line=report.parsed.masthead.line if report.parsed.masthead else 1,
                    message=_("The database refused the issue: %(reason)s") % {"reason": error},
                ) from error
            report.warnings = report.result.warnings
            if dry_run:
                report.pictures = check_pictures(
                    parsed=report.parsed, pictures=read.pictures, warnings=report.warnings
                )
                transaction.set_rollback(True)
                directory.forget()
            elif read.pictures:
                store_pictures(
                    parsed=report.parsed,
                    pictures=read.pictures,
                    issue_id=report.result.issue_id,
                    warnings=report.warnings,
                    stored=stored,
                )
                report.pictures = len(stored)
    except BulletinImportError as error:
        directory.forget()
        delete_files(stored)
        report.error = error
        report.result = None
    except BaseException:
        delete_files(stored)
        raise
    return report


def import_bulletin_file(
    *, path: Path, options: ImportOptions, dry_run: bool = False, directory: Directory | None = None
) -> FileReport:
    try:
        data = read_bulletin(path=path)
    except BulletinImportError as error:
        return FileReport(source=str(path), error=error)
    # The whole path, so that a year folder counts even when the file was named from inside it.
    return import_bulletin_data(
        data=data,
        source=str(path),
        options=options,
        dry_run=dry_run,
        directory=directory,
        file_name=str(path.absolute()),
    )
