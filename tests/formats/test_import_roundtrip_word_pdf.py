"""The real 2012 issue typed into Word, and printed from Word to PDF, imports as the text does, and
the text export gives back every character of the original, in order."""

import re

import pytest

from bulletin.models import Issue
from tests.factories import UnitFactory
from tests.formats.bulletins import run_export, run_import, sample_path
from tests.formats.documents import convert, text_docx

DEPARTMENTS = ["市总生产部", "市总宣教部", "市总财务部", "市总经审办"]


def normalised(text: str) -> str:
    """Whitespace and the width of parentheses do not count."""
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


@pytest.fixture
def sample_docx(tmp_path):
    return text_docx(sample_path().read_text(encoding="utf-8"), tmp_path / "bulletin-2012-02.docx")


def imported_text(path) -> str:
    for name in DEPARTMENTS:
        UnitFactory(name=name, kind="department")
    run_import(path, "--number", "2", "--date", "2012-02-28")
    issue = Issue.objects.get(year=2012, number=2)
    assert issue.articles.count() == 15
    return normalised(run_export("2012-2", "--format", "txt"))


def test_it_round_trips_the_sample_typed_into_word(db, sample_docx):
    original = normalised(sample_path().read_text(encoding="utf-8"))
    exported = imported_text(sample_docx)
    assert original in exported
    assert exported[: exported.index(original)] == "工会工作简报第2期苏州市总工会办公室编2012年2月28日"


def test_it_round_trips_the_sample_printed_to_pdf(db, sample_docx):
    original = normalised(sample_path().read_text(encoding="utf-8"))
    exported = imported_text(convert(sample_docx, "pdf"))
    assert original in exported
    assert exported[: exported.index(original)] == "工会工作简报第2期苏州市总工会办公室编2012年2月28日"
