"""PDF layout read back from the PDF (issue 22): balanced titles, pictures that fit the page."""

import shutil
import subprocess

import pytest
from django.utils import timezone

from bulletin.document import issue_document
from bulletin.models import Section
from formats.exporters import pdf
from formats.exporters.titles import title_lines
from tests.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

# 21 characters: one more than a line of the title column holds.
LONG_TITLE = "苏州市总工会举办全市职工职业技能竞赛总决赛"


@pytest.fixture
def issue(db):
    return IssueFactory(year=2026, number=7, published=True)


def add_article(issue, title, body):
    return ArticleFactory(
        title=title,
        body=body,
        byline="市总办公室",
        status="published",
        published_at=timezone.now(),
        issue=issue,
        section=Section.objects.get(name="工作动态"),
        position=issue.articles.count() + 1,
    )


def layout_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "issue.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_title_one_character_too_long_is_split_near_the_middle(issue, tmp_path):
    add_article(issue, LONG_TITLE, "<p>正文。</p>")
    text = layout_text(pdf.render(issue_document(issue)), tmp_path)
    lines = [line.replace(" ", "") for line in text.splitlines()]
    title = [line for line in lines if line and line in LONG_TITLE]
    assert "".join(title) == LONG_TITLE
    assert len(title) == 2
    assert min(len(line) for line in title) >= 9  # not 20 + 1


@pytest.mark.parametrize(
    "title",
    [
        LONG_TITLE,
        "张家港市总工会深入开展“工会进万家”活动推动全市职工技能竞赛",
        "市总工会主席温祥华走访慰问全国劳模并召开座谈会听取意见和建议强调要进一步做好新时代劳模工作",
        "苏州市总工会举办二〇二六年全市职工职业技能竞赛",
    ],
)
def test_title_lines_are_balanced_and_never_one_character(title):
    lines = title_lines(title)
    assert "".join(lines) == title
    assert len(lines) >= 2
    assert min(len(line) for line in lines) >= 2
    assert max(len(line) for line in lines) - min(len(line) for line in lines) <= 4
    assert all(not line.startswith(("”", "，")) and not line.endswith("“") for line in lines)


def test_a_short_title_stays_on_one_line():
    assert title_lines("市总工会召开年度工作推进会") == ["市总工会召开年度工作推进会"]


def picture_pages(data: bytes, tmp_path, marker: str) -> tuple[int, int, int]:
    """(pages, page of the picture, page of the paragraph holding ``marker``), pages from 1."""
    path = tmp_path / "pictures.pdf"
    path.write_bytes(data)
    pages = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    text = next(number for number, page in enumerate(pages, 1) if marker in page)
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    picture = int(listing.splitlines()[2].split()[0])  # after two header lines: the page of the first image
    return len(pages) - 1, picture, text


# Counts that leave between 45 mm and half a page under the last paragraph (the picture fits
# only scaled down); with 180 mm pictures it went to the next page every time.
@pytest.mark.parametrize("paragraphs", [2, 10, 12, 14])
def test_a_tall_picture_is_scaled_to_the_room_left_on_the_page(issue, tmp_path, paragraphs):
    from articles.images import image_store
    from articles.images import image_url as url_of
    from tests.articles.imagefiles import image_bytes

    picture = image_store(data=image_bytes("PNG", size=(1000, 3000)), uploaded_by=None)
    filler = "".join(
        f"<p>第{index}段：会议总结了今年以来的工作，部署了下一阶段的任务，要求各地抓好落实。</p>"
        for index in range(paragraphs)
    )
    add_article(
        issue,
        "市总工会召开年度工作推进会",
        f'{filler}<p>图前的最后一段。</p><figure class="image"><img src="{url_of(picture)}" alt="长图"></figure>'
        "<p>图后的段落。</p>",
    )
    pages, picture_page, before_page = picture_pages(
        pdf.render(issue_document(issue)), tmp_path, "图前的最后一段"
    )
    assert picture_page == before_page  # the picture follows its text on the same page
