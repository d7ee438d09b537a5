"""Batches: the files a list of paths names (folders searched recursively, files in name order), and
the CSV report of a batch, one row per file, that a person opens in Excel."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .readers import SUFFIXES
from .runner import FileReport


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str


def collect_files(names: list[str]) -> tuple[list[Path], list[Skipped]]:
    """The files to import: each file named, and in each folder named every file with a known
    extension, in name order. Anything else in a folder is skipped with its reason."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for name in names:
        path = Path(name)
        if not path.is_dir():
            files.append(path)
            continue
        for found in sorted(path.rglob("*"), key=lambda item: item.relative_to(path).as_posix()):
            if found.is_dir():
                continue
            if found.name.startswith(("~$", ".")):
                skipped.append(Skipped(found, _("a temporary or hidden file")))
            elif found.suffix.lower() not in SUFFIXES:
                skipped.append(
                    Skipped(
                        found,
                        _("not a bulletin file (%(suffixes)s)") % {"suffixes": " ".join(SUFFIXES)},
                    )
                )
            else:
                files.append(found)
    return files, skipped


def status(report: FileReport, *, dry_run: bool) -> str:
    if report.error is not None:
        return _("could not be imported")
    if dry_run:
        return _("can be imported")
    if report.result.replaced:
        return _("replaced")
    return _("imported")


def write_report(*, path: Path, reports: list[FileReport], skipped: list[Skipped], dry_run: bool) -> None:
    """One row per file, in UTF-8 with a byte-order mark so that Excel reads the Chinese right."""
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            [
                _("File"),
                _("Status"),
                _("Issue"),
                _("Number of articles"),
                _("New units"),
                _("Warnings"),
                _("Error"),
            ]
        )
        for report in reports:
            result = report.result
            writer.writerow(
                [
                    report.source,
                    status(report, dry_run=dry_run),
                    result.label if result else "",
                    result.articles if result else "",
                    "、".join(result.new_units) if result else "",
                    "\n".join(
                        _("line %(line)s: %(message)s") % {"line": notice.line, "message": notice.message}
                        for notice in report.warnings
                    ),
                    report.error.describe(source=report.source) if report.error else "",
                ]
            )
        for item in skipped:
            writer.writerow([str(item.path), _("skipped"), "", "", "", "", item.reason])
