"""Confirming a Word import: the confirmation carries the version it previewed and meets the same
conflict check as the article form (issue 19, item 5); a preview's pictures belong to no article
until it is confirmed, so a cancelled or abandoned preview leaves nothing behind (item 11)."""

import datetime
import os
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import ArticleImage, ArticleRevision
from tests.articles.test_word_import import make_docx
from tests.desk.correspondent_helpers import draft_of


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def article(correspondent_a, unit_a):
    return draft_of(correspondent_a, unit_a, title="原标题", body="<p>原有正文</p>")


def preview(client, article):
    url = reverse("articles:word_import", args=[article.pk])
    response = client.post(url, {"docx": SimpleUploadedFile("稿件.docx", make_docx())})
    assert response.status_code == 200
    assert "稿件已有正文。导入后正文将替换为以下内容：" in response.content.decode()
    return url, response.context["token"]


def test_a_confirm_after_another_save_is_refused_and_keeps_that_save(
    client, correspondent_a, editor, article
):
    client.force_login(correspondent_a)
    url, token = preview(client, article)  # previewed at version 1
    services.article_update(article=article, actor=editor, data={"body": "<p>编辑修改后的正文</p>"})
    article.refresh_from_db()
    assert article.version == 2

    response = client.post(url, {"confirm": "1", "token": token}, follow=True)
    page = response.content.decode()
    assert "在您预览 Word 文档之后于" in page
    assert "保存了本稿件，因此 Word 文档未导入，稿件保持其保存的内容。" in page
    article.refresh_from_db()
    assert article.version == 2
    assert article.body == "<p>编辑修改后的正文</p>"
    assert ArticleRevision.objects.filter(article=article).count() == 2
    assert not ArticleImage.objects.exists()  # the preview's picture went with it


def test_a_confirm_at_the_previewed_version_replaces_the_body(client, correspondent_a, article):
    client.force_login(correspondent_a)
    url, token = preview(client, article)
    image = ArticleImage.objects.get()
    assert image.article is None  # not the article's until confirmed
    client.post(url, {"confirm": "1", "token": token})
    article.refresh_from_db()
    assert article.version == 2
    assert article.body.startswith("<h2>吴江区总工会开展职工技能培训</h2>")
    image.refresh_from_db()
    assert image.article == article


def test_cancelling_a_preview_deletes_its_pictures(client, correspondent_a, article):
    client.force_login(correspondent_a)
    url, token = preview(client, article)
    path = ArticleImage.objects.get().image.path
    response = client.post(url, {"cancel": "1", "token": token}, follow=True)
    assert "已取消导入，稿件正文未作改动。" in response.content.decode()
    assert not ArticleImage.objects.exists()
    assert not os.path.exists(path)
    article.refresh_from_db()
    assert article.body == "<p>原有正文</p>"
    assert article.version == 1


def test_a_new_preview_replaces_the_pictures_of_the_last_one(client, correspondent_a, article):
    client.force_login(correspondent_a)
    preview(client, article)
    first = ArticleImage.objects.get()
    preview(client, article)
    assert not ArticleImage.objects.filter(pk=first.pk).exists()
    assert ArticleImage.objects.count() == 1


def test_an_abandoned_preview_leaves_pictures_the_cleanup_command_deletes(client, correspondent_a, article):
    client.force_login(correspondent_a)
    preview(client, article)  # and the browser is closed
    image = ArticleImage.objects.get()
    ArticleImage.objects.filter(pk=image.pk).update(created=timezone.now() - datetime.timedelta(hours=48))
    out = StringIO()
    call_command("cleanup_images", stdout=out)
    assert "已删除 1 张未使用的图片。" in out.getvalue()
    assert not ArticleImage.objects.exists()
    assert not os.path.exists(image.image.path)


def test_another_user_cannot_confirm_or_cancel_with_a_guessed_token(client, correspondent_a, editor, article):
    client.force_login(correspondent_a)
    url, token = preview(client, article)
    client.force_login(editor)  # a different session
    client.post(url, {"cancel": "1", "token": token})
    client.post(url, {"confirm": "1", "token": token})
    article.refresh_from_db()
    assert article.body == "<p>原有正文</p>"
    assert ArticleImage.objects.count() == 1
