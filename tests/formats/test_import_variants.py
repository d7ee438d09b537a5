"""Bulletins the importer has never seen: ``tests/formats/variants.py`` draws them from the layout
variants (marks, spaced titles, the year in the number line, Chinese numerals, subtitles, 供稿, the
short footer words, extra sections, briefs, shared-prefix attributions, titles over two lines, long
paragraphs, enumerations, Latin letters and digits) and prints them as text, Word, .doc and PDF.
Each must import with the sections, titles, units and footer it was written with, and the text export
must keep every printed character in order."""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from articles.models import Article
from bulletin.models import Issue
from distribution.models import IssueLine
from formats.exporters import export_issue
from formats.importer.loader import ImportOptions
from formats.importer.runner import import_bulletin_data
from tests.formats.documents import needs_libreoffice, soffice
from tests.formats.test_layout_printed_forms import _publication, assert_kept_in_order
from tests.formats.variants import as_text, expected, found, generate, write_docx

FULL_WIDTH = str.maketrans("()", "（）")
TEXT_SEEDS = range(24)
WORD_SEEDS = range(100, 110)
PDF_SEEDS = (6, 14, 15, 33, 70)  # each once lost or broke a line in a PDF (see the commit log)


def import_variant(data: bytes, name: str, *, dry_run: bool = False):
    report = import_bulletin_data(
        data=data,
        source=name,
        options=ImportOptions(publication=_publication(), replace=True),
        dry_run=dry_run,
    )
    assert report.error is None, report.error.describe(source=name)
    return report


def check(seed: int, data: bytes, suffix: str) -> None:
    bulletin = generate(seed)
    name = bulletin.file_name + suffix
    dry = import_variant(data, name, dry_run=True)
    assert found(dry.parsed) == expected(bulletin)
    assert not Issue.objects.exists()  # a dry run leaves nothing behind
    report = import_variant(data, name)
    assert found(report.parsed) == expected(bulletin)
    issue = Issue.objects.get(pk=report.result.issue_id)
    assert issue.number == bulletin.number
    assert issue.visibility == ("internal" if bulletin.internal else issue.visibility)
    articles = Article.objects.filter(issue=issue)
    assert articles.count() == sum(len(section.articles) for section in bulletin.sections)
    assert set(articles.values_list("units__name", flat=True)) - {None} == {
        unit for section in bulletin.sections for article in section.articles for unit in article.units
    }
    assert IssueLine.objects.filter(issue=issue).count() == len(bulletin.footer)
    exported = export_issue(issue=issue, format_name="txt").decode()
    # Known difference: an attribution printed in half-width parentheses comes back in full-width ones
    # (Article.byline keeps the words, not the brackets).
    assert_kept_in_order(as_text(bulletin).translate(FULL_WIDTH), exported.translate(FULL_WIDTH))


@pytest.mark.parametrize("seed", TEXT_SEEDS)
def test_a_text_bulletin_in_any_layout_imports_and_round_trips(db, seed):
    check(seed, as_text(generate(seed), compact=seed % 3 == 0).encode(), ".txt")


@pytest.mark.parametrize("seed", WORD_SEEDS)
def test_a_word_bulletin_in_any_layout_imports_and_round_trips(db, tmp_path, seed):
    path = write_docx(
        generate(seed), tmp_path / "b.docx", footer_table=seed % 2 == 0, wrap_break=seed % 3 != 0
    )
    check(seed, path.read_bytes(), ".docx")


@pytest.fixture(scope="module")
def converted():
    """The PDF seeds as PDFs and two as .doc, LibreOffice converting all of each kind in one call."""
    if soffice() is None and os.environ.get("CI") != "true":
        pytest.skip("LibreOffice (soffice, Debian package libreoffice-writer-nogui) is not installed")
    folder = Path(tempfile.mkdtemp(prefix="test-variants-"))
    paths = []
    for seed in PDF_SEEDS:
        paths.append(
            write_docx(
                generate(seed), folder / f"{seed}.docx", footer_table=seed % 2 == 0, wrap_break=seed % 3 != 0
            )
        )
    with tempfile.TemporaryDirectory(prefix="test-soffice-") as profile:
        for target, files in (("pdf", paths), ("doc", [paths[2], paths[3]])):
            subprocess.run(
                [
                    soffice(),
                    "--headless",
                    f"-env:UserInstallation={Path(profile).as_uri()}",
                    "--convert-to",
                    target,
                ]
                + ["--outdir", str(folder), *map(str, files)],
                check=True,
                capture_output=True,
                timeout=180,
                env={**os.environ, "HOME": profile},
            )
    return folder


@pytest.mark.parametrize("seed", PDF_SEEDS)
def test_a_pdf_bulletin_in_any_layout_imports_and_round_trips(db, converted, seed):
    needs_libreoffice()
    check(seed, (converted / f"{seed}.pdf").read_bytes(), ".pdf")


@pytest.mark.parametrize("seed", PDF_SEEDS[2:4])
def test_a_doc_bulletin_in_any_layout_imports_and_round_trips(db, converted, seed):
    check(seed, (converted / f"{seed}.doc").read_bytes(), ".doc")
