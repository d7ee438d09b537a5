"""The reader site in headless Chromium: the issue page at desktop and phone widths and in print,
no horizontal scrolling at 360 px, readable without JavaScript, with sound landmarks and headings.

The content is the sample bulletin from ../shared/samples/ when the importer is there to bring it
in, else an issue of the same shape built by factories. Screenshots: tests/e2e/artifacts/."""

import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands
from django.urls import reverse

from bulletin.models import Issue
from reader import cache as reader_cache
from tests.e2e.conftest import ARTIFACTS
from tests.reader.reader_support import build_issue

SAMPLE = Path(settings.BASE_DIR).parent / "shared/samples/bulletin-2012-02.txt"

pytestmark = pytest.mark.e2e


def seed_again():
    """The live server needs committed rows, so these tests flush the database after themselves, and
    so may the browser tests before them: put back what the data migrations seed (idempotent)."""
    from django.apps import apps

    for module in (
        "bulletin.migrations.0002_seed_publication_and_sections",
        "distribution.migrations.0002_seed_role_groups",
    ):
        importlib.import_module(module).seed(apps, None)


@pytest.fixture
def bulletin_issue(transactional_db):
    seed_again()
    reader_cache.bump([reader_cache.SITE, reader_cache.CATALOGUE])
    if "import_bulletin" in get_commands() and SAMPLE.exists():
        call_command(
            "import_bulletin",
            str(SAMPLE),
            "--year=2012",
            "--number=2",
            "--date=2012-02-28",
            stdout=StringIO(),
            stderr=StringIO(),
        )
        issue = Issue.objects.get(year=2012, number=2)
    else:
        issue = build_issue(year=2026, number=3, total_number=315, per_section=(3, 2, 4, 6), copies=150)
    yield issue


def issue_url(live_server, issue):
    return live_server.url + reverse("issue_detail", kwargs={"year": issue.year, "number": issue.number})


def open_at(browser, width, height=900, **options):
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="zh-CN", timezone_id="Asia/Shanghai", **options
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_it_shows_the_issue_like_the_paper_at_desktop_width(live_server, browser, bulletin_issue, screenshot):
    context, page = open_at(browser, 1280)
    page.goto(issue_url(live_server, bulletin_issue))
    assert page.locator(".masthead-title").inner_text() == bulletin_issue.publication.title
    color = page.eval_on_selector(".masthead-title", "e => getComputedStyle(e).color")
    assert color == "rgb(200, 22, 29)"
    headings = page.locator(".section-heading").all_inner_texts()
    assert headings[0].startswith("【") and headings[0].endswith("】")
    assert page.locator(".bulletin .article-body").count() == bulletin_issue.articles.count()
    indent = page.eval_on_selector(".article .article-body p", "e => getComputedStyle(e).textIndent")
    font_size = page.eval_on_selector(
        ".article .article-body p", "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert float(indent.removesuffix("px")) == pytest.approx(2 * font_size)
    assert (
        page.eval_on_selector(".article .article-body p", "e => getComputedStyle(e).textAlign") == "justify"
    )
    screenshot(page, "desktop", full_page=True)
    context.close()


def test_it_fits_a_360_pixel_phone_without_horizontal_scrolling(
    live_server, browser, bulletin_issue, screenshot
):
    context, page = open_at(browser, 360, 740, device_scale_factor=2, is_mobile=True, has_touch=True)
    page.goto(issue_url(live_server, bulletin_issue))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
              .filter(e => e.getBoundingClientRect().right > 360.5 && getComputedStyle(e).position !== 'absolute')
              .map(e => e.tagName + '.' + e.className)"""
    )
    assert overflowing == []
    screenshot(page, "phone")
    screenshot(page, "phone-full", full_page=True)
    context.close()


def test_it_prints_the_masthead_and_footer_without_navigation(
    live_server, browser, bulletin_issue, screenshot
):
    context, page = open_at(browser, 794, 1123)
    page.emulate_media(media="print")
    page.goto(issue_url(live_server, bulletin_issue))
    for hidden in (".site-header", ".site-footer", ".breadcrumbs", ".toc"):
        if page.locator(hidden).count():
            assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator(".masthead").is_visible()
    assert page.locator(".issue-footer").is_visible()
    screenshot(page, "print", full_page=True)
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "test_reader_print.pdf"), prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    context.close()


def test_it_reads_without_javascript(live_server, browser, bulletin_issue):
    context, page = open_at(browser, 1024, java_script_enabled=False)
    page.goto(issue_url(live_server, bulletin_issue))
    titles = page.locator(".bulletin .article-title, .bulletin .lead").all_inner_texts()
    assert len(titles) == bulletin_issue.articles.count()
    assert page.locator("script").count() == 0
    context.close()


def test_it_has_landmarks_headings_in_order_and_alt_text(live_server, browser, bulletin_issue):
    context, page = open_at(browser, 1280)
    page.goto(issue_url(live_server, bulletin_issue))
    assert page.get_attribute("html", "lang") == "zh-hans"
    assert page.locator("body > header").count() == 1
    assert page.locator("body > main").count() == 1
    assert page.locator("body > footer").count() == 1
    levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])")
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert page.locator("img:not([alt])").count() == 0
    assert page.evaluate("[...document.querySelectorAll('a')].filter(a => !a.innerText.trim()).length") == 0
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    context.close()


def test_it_moves_between_pages_by_links(live_server, browser, bulletin_issue, screenshot):
    context, page = open_at(browser, 390, 844)
    page.goto(live_server.url + "/")
    assert page.locator(".masthead-title").is_visible()
    page.locator(".bulletin .article-title a").first.click()
    assert page.locator("h1.article-title").is_visible()
    assert page.locator("link[rel=canonical]").count() == 1
    screenshot(page, "article-phone", full_page=True)
    page.locator("a[rel=next]").click()
    assert page.locator("h1.article-title").is_visible()
    page.goto(live_server.url + reverse("issue_archive"))
    assert page.locator(".archive-year").count() >= 1
    screenshot(page, "archive-phone", full_page=True)
    context.close()
