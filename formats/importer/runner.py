"""One file, start to finish: read, decode, parse, load — in one transaction, so that a file that
fails leaves nothing behind. The command and the benchmark both go through here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from .decoding import decode_bulletin
from .directory import Directory
from .errors import BulletinImportError
from .loader import ImportOptions, LoadResult, load_bulletin
from .parser import parse_bulletin
from .structure import Notice, ParsedBulletin


@dataclass
class FileReport:
    source: str
    encoding: str | None = None
    parsed: ParsedBulletin | None = None
    result: LoadResult | None = None
    error: BulletinImportError | None = None
    warnings: list[Notice] = field(default_factory=list)

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
    try:
        decoded = decode_bulletin(data=data)
        report.encoding = decoded.encoding
        with transaction.atomic():
            report.parsed = parse_bulletin(
                text=decoded.text,
                layouts=directory.layouts(),
                known_units=directory.unit_names(),
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
                transaction.set_rollback(True)
                directory.forget()
    except BulletinImportError as error:
        directory.forget()
        report.error = error
        report.result = None
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
