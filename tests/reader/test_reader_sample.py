"""The sample bulletin (../shared/samples/bulletin-2012-02.txt), imported, read on the reader site.

Skipped until the importer (``import_bulletin``) is there. Expectations are taken from the imported
rows, so nothing of the sample's text is copied here."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands
from django.urls import reverse

from bulletin.models import Issue

from .reader_support import content, fresh_reader_cache, texts_of  # noqa: F401

SAMPLE = Path(settings.BASE_DIR).parent / "shared/samples/bulletin-2012-02.txt"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        "import_bulletin" not in get_commands() or not SAMPLE.exists(),
        reason="the importer or the sample bulletin is not there",
    ),
]


@pytest.fixture
def sample(db):
    call_command(
        "import_bulletin",
        str(SAMPLE),
        "--year=2012",
        "--number=2",
        "--date=2012-02-28",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    return Issue.objects.get(year=2012, number=2)


@pytest.fixture
def page(client, sample):
    response = client.get(reverse("issue_detail", kwargs={"year": 2012, "number": 2}))
    assert response.status_code == 200
    return content(response)


def test_the_sample_shows_its_four_sections_in_order(page):
    assert texts_of(page, "section-heading") == [
        "【工作动态】",
        "【创先争优】",
        "【立功竞赛】",
        "【工作简讯】",
    ]


def test_the_sample_shows_3_2_4_and_6_articles(page):
    sections = re.split(r'<section class="bulletin-section', page)[1:]
    assert [len(re.findall(r'class="(?:article|brief article-body)" id="article-', s)) for s in sections] == [
        3,
        2,
        4,
        6,
    ]


def test_the_sample_shows_every_article_in_order_with_its_attribution(page, sample):
    articles = list(sample.articles.in_reading_order())
    standard = [a for a in articles if a.section.layout == "standard"]
    briefs = [a for a in articles if a.section.layout == "briefs"]
    assert texts_of(page, "article-title") == [a.title for a in standard]
    assert [text.split("。", 1)[0] for text in texts_of(page, "brief")] == [a.title for a in briefs]
    assert texts_of(page, "attribution") == [a.attribution for a in articles]
    assert "（综合来稿）" in texts_of(page, "attribution")


def test_the_sample_prints_its_distribution_line(page, sample):
    lines = texts_of(page, "footer-line")
    assert [line.split("：", 1)[0] for line in lines] == ["本期印发"]
    assert lines[0] == f"本期印发：{sample.distribution_lines.get(kind='distribute').display_text}"


def test_the_sample_articles_have_their_own_pages(client, sample):
    article = sample.articles.in_reading_order()[0]
    response = client.get(reverse("article_detail", kwargs={"pk": article.pk}))
    assert response.status_code == 200
    assert texts_of(content(response), "attribution") == ["（综合来稿）"]
