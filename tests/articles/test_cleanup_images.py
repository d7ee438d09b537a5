import datetime
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.images import image_store
from articles.models import ArticleImage
from tests.articles.imagefiles import image_bytes
from tests.factories import ArticleFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def aged(record, hours=48):
    ArticleImage.objects.filter(pk=record.pk).update(created=timezone.now() - datetime.timedelta(hours=hours))
    return record


def run(*args):
    out = StringIO()
    call_command("cleanup_images", *args, stdout=out)
    return out.getvalue()


def test_it_deletes_old_unused_uploads_and_their_files(db, editor):
    orphan = aged(image_store(data=image_bytes(), uploaded_by=editor))
    path = orphan.image.path
    output = run()
    assert "已删除 1 张未使用的图片。" in output
    assert not ArticleImage.objects.exists()
    assert not os.path.exists(path)


def test_it_keeps_images_linked_used_or_fresh(db, editor):
    linked = aged(image_store(data=image_bytes(), uploaded_by=editor, article=ArticleFactory()))
    used = aged(image_store(data=image_bytes(), uploaded_by=editor))
    ArticleFactory(body=f'<p><img src="/media/{used.image.name}" alt=""></p>')
    fresh = image_store(data=image_bytes(), uploaded_by=editor)
    assert "已删除 0 张未使用的图片。" in run()
    assert set(ArticleImage.objects.all()) == {linked, used, fresh}


def test_dry_run_deletes_nothing(db, editor):
    orphan = aged(image_store(data=image_bytes(), uploaded_by=editor))
    output = run("--dry-run")
    assert orphan.image.name in output
    assert "将删除 1 张未使用的图片。" in output
    assert ArticleImage.objects.filter(pk=orphan.pk).exists()
    assert os.path.exists(orphan.image.path)
