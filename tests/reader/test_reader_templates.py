"""The two template engines of the reader site share one copy of the site chrome and of the issue
body (reader/jinja.py): a Django-template page and a Jinja2 page print the same menu, as HTML;
the issue body reaches the back office's preview and the personal reading link; text is Chinese and
escaped; links follow the script prefix."""

import re

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import translation
from django.utils.html import escape

from articles.models import Article
from reader import cache as reader_cache
from reader.jinja import url

from .reader_support import build_issue, content

pytestmark = pytest.mark.django_db


def site_header(html: str) -> str:
    header = re.search(r'<header class="site-header">.*?</header>', html, re.S)
    assert header, "no site header"
    return re.sub(r'\s+aria-current="page"', "", re.sub(r"\s+", " ", header.group(0)))


def test_django_and_jinja_pages_print_the_same_menu_as_html(client):
    issue = build_issue()
    issue_page = content(client.get(reverse("issue_detail", args=[issue.year, issue.number])))
    archive_page = content(client.get(reverse("issue_archive")))  # a Django-template page
    assert "&lt;" not in site_header(archive_page)
    assert site_header(archive_page).replace("next=/issues/", "next=") == site_header(issue_page).replace(
        f"next=/issues/{issue.year}/{issue.number}/", "next="
    )
    for page in (issue_page, archive_page):
        assert '<a class="site-name" href="/">工会工作简报</a>' in page
        assert '<link rel="stylesheet" href="' in page
        assert 'class="site-footer"' in page and "&lt;p&gt;" not in page


def test_the_issue_page_escapes_what_editors_typed(client):
    issue = build_issue(per_section=(1, 0, 0, 1))
    issue.publication.title = "<b>工会</b>简报"
    issue.publication.save()
    article = Article.objects.filter(issue=issue).first()
    article.title = '<script>alert("x")</script>标题'
    article.save()
    html = content(client.get(reverse("issue_detail", args=[issue.year, issue.number])))
    assert "<script>alert" not in html and escape('<script>alert("x")</script>标题') in html
    assert "<b>工会</b>" not in html and escape("<b>工会</b>简报") in html


def test_the_preview_in_the_back_office_shows_the_issue_body(client, editor):
    issue = build_issue(published=False, per_section=(2, 0, 0, 1), total_number=99)
    client.force_login(editor)
    response = client.get(reverse("admin:bulletin_issue_preview", args=[issue.pk]))
    html = content(response)
    assert '<header class="masthead">' in html and "（总第99期）" in html
    assert html.count('class="article"') == 2 and html.count('class="brief article-body"') == 1
    assert "&lt;article" not in html


def test_links_follow_the_script_prefix():
    article_url = url("article_detail", 7)
    try:
        set_script_prefix("/bulletin/")
        assert url("article_detail", 7) == "/bulletin" + article_url == reverse("article_detail", args=[7])
        assert url("home") == "/bulletin/"
    finally:
        set_script_prefix("/")
    assert url("article_detail", 7) == article_url


def test_a_page_binds_its_links_and_texts_to_the_request(client):
    issue = build_issue(per_section=(1, 0, 0, 1))
    article = Article.objects.filter(issue=issue).first()
    path = reverse("issue_detail", args=[issue.year, issue.number])
    set_script_prefix("/bulletin/")  # as the WSGI handler does for a site below /bulletin/
    try:
        html = content(client.get(path))
    finally:
        set_script_prefix("/")
    assert f'href="/bulletin/articles/{article.pk}/"' in html
    assert 'class="site-name" href="/bulletin/"' in html
    assert f'href="/articles/{article.pk}/"' not in html
    # The same page at the root again (rendered anew): nothing of the prefix is remembered.
    reader_cache.bump([reader_cache.SITE])
    html = content(client.get(path))
    assert f'href="/articles/{article.pk}/"' in html and "/bulletin/" not in html
    reader_cache.bump([reader_cache.SITE])
    with translation.override("en"):
        html = content(client.get(path))
    assert "Skip to content" in html and "跳到正文" not in html


def test_the_shared_parts_render_without_a_request():
    """A page rendered outside a request (a mail, a command) still gets the chrome, with plain links."""
    from django.template import engines

    header = engines["jinja2"].get_template("_site_header.html").render({})
    assert '<a href="/accounts/login/">登录</a>' in header.replace("\n", "")
    assert "跳到正文" in header
