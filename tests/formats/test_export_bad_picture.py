"""A stored body with a picture the exporters cannot read still exports, with a mark in its place
(issue 19, item 3). The body is written with ``QuerySet.update`` to get past the sanitiser, as an
old or imported row would."""

import io
import shutil
import subprocess

import docx
import pytest
from django.utils import timezone

from articles.models import Article
from bulletin.models import Section
from tests.factories import ArticleFactory, IssueFactory

BAD_BODY = (
    '<p>第一段正文。</p><p><img src="/media//etc/passwd" alt="甲"></p>'
    '<figure class="image"><img src="/media/../../etc/hostname"></figure>'
    '<p><img src="/media/articles/none/missing.png"></p><p>最后一段正文。</p>'
)
PLACEHOLDER = "[图片无法读取]"


@pytest.fixture
def issue(db):
    issue = IssueFactory(year=2026, number=14, total_number=329, published=True)
    article = ArticleFactory(
        title="一篇带坏图片的稿件",
        body="<p>占位</p>",
        byline="市总办公室",
        status="published",
        published_at=timezone.now(),
        issue=issue,
        section=Section.objects.get(name="工作动态"),
        position=1,
    )
    Article.objects.filter(pk=article.pk).update(body=BAD_BODY)
    return issue


def test_it_exports_the_word_file_with_a_mark_for_each_bad_picture(client, issue):
    response = client.get(f"/issues/{issue.year}/{issue.number}.docx")
    assert response.status_code == 200
    document = docx.Document(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "第一段正文。" in text and "最后一段正文。" in text
    assert text.count(PLACEHOLDER) == 3
    assert "root:" not in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_it_exports_the_pdf_with_a_mark_for_each_bad_picture(client, issue, tmp_path):
    response = client.get(f"/issues/{issue.year}/{issue.number}.pdf")
    assert response.status_code == 200
    path = tmp_path / "issue.pdf"
    path.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "第一段正文。" in text and "最后一段正文。" in text
    assert text.count(PLACEHOLDER) == 3
