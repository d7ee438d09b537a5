"""从Word导入 on the desk: the articles app's import in the desk's frame, leading back to the desk."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from tests.workflow_helpers import article_in


def word_file(*paragraphs, name="稿件.docx"):
    document = docx.Document()
    document.add_heading("社区工会举办职工运动会", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_new_draft_from_word_opens_on_the_desk(client, correspondent_a):
    client.force_login(correspondent_a)
    page = client.get(reverse("desk:article_word_create")).content.decode()
    assert "工作台" in page and "从Word导入" in page
    response = client.post(
        reverse("desk:article_word_create"), {"docx": word_file("本届运动会共有八个项目。")}
    )
    article = Article.objects.get(title="社区工会举办职工运动会")
    assert response["Location"] == reverse("desk:article_detail", args=[article.pk])
    assert "八个项目" in article.body and article.status == Article.Status.DRAFT


def test_importing_into_a_written_article_previews_first_on_the_desk(client, correspondent_a, unit_a):
    article = article_in(Article.Status.DRAFT, unit_a, author=correspondent_a, body="<p>旧正文。</p>")
    client.force_login(correspondent_a)
    url = reverse("desk:article_word_import", args=[article.pk])
    response = client.post(url, {"docx": word_file("新正文。")})
    assert response.status_code == 200
    assert "替换正文" in response.content.decode() and "desk-nav" in response.content.decode()
    assert "旧正文" in Article.objects.get(pk=article.pk).body


def test_a_file_that_is_not_word_is_refused_in_chinese(client, correspondent_a):
    client.force_login(correspondent_a)
    bad = SimpleUploadedFile("x.docx", b"not a zip", content_type="application/octet-stream")
    response = client.post(reverse("desk:article_word_create"), {"docx": bad})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Article.objects.exists()


def test_readers_and_other_units_are_kept_out(client, reader, correspondent_b, unit_a):
    article = article_in(Article.Status.DRAFT, unit_a)
    client.force_login(reader)
    assert client.get(reverse("desk:article_word_create")).status_code == 403
    client.force_login(correspondent_b)
    assert client.get(reverse("desk:article_word_import", args=[article.pk])).status_code == 404
