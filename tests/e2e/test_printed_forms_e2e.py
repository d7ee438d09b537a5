"""An imported archive issue in headless Chromium, on the reader page and on the desk's issue page:
the masthead and footer as printed (内部资料, 2016年第7期（总第87期）, …编印 二〇一六年五月二十日, 报：,
（共印80份）), and the subtitle under a title (——记…) centred without the paragraph indent. Screenshots
at 1366 and 390 px under tests/e2e/artifacts/."""

import pytest
from django.urls import reverse

from bulletin.models import Issue, Publication
from formats.importer.loader import ImportOptions
from formats.importer.runner import import_bulletin_data
from reader import cache as reader_cache
from tests.e2e.test_desk_a11y_e2e import PASSWORD, log_in
from tests.e2e.test_desk_editor_e2e import shoot
from tests.e2e.test_reader_e2e import seed_again
from tests.factories import StaffFactory, UnitFactory

pytestmark = pytest.mark.e2e

BULLETIN = """内部资料　　注意保存
工 会 工 作 简 报
2016年第7期（总第87期）
苏州市总工会办公室编印　　　　二〇一六年五月二十日
━━━━━━━━━━━━━━━━━━━━━━━━

【工作动态】

东湖区总工会开展职工技能比武
——记东湖区青年职工数控车床比赛

　　东湖区总工会本月组织辖区二十家企业的青年职工参加数控车床技能比武，评出一等奖三名、二等奖五名。
　　比武分理论和实操两部分，实操考核由企业技师担任评委。（东湖区总工会供稿）

【工作简讯】

　　青石镇总工会慰问环卫工人。入伏以来，青石镇总工会为全镇环卫工人送去防暑用品。（青石镇总工会）

报：省总工会
送：市总各部室
发：各区总工会、各产业工会　　　　（共印80份）
"""


@pytest.fixture
def imported(transactional_db):
    seed_again()
    reader_cache.bump([reader_cache.SITE, reader_cache.CATALOGUE])
    report = import_bulletin_data(
        data=BULLETIN.encode(),
        source="2016年第7期.txt",
        options=ImportOptions(publication=Publication.objects.default()),
    )
    assert report.error is None
    StaffFactory(
        user__username="editor",
        user__password=PASSWORD,
        user__role="editor",
        unit=UnitFactory(name="市总办公室"),
    )
    return Issue.objects.get(pk=report.result.issue_id)


def check_printed(page) -> None:
    assert page.locator(".masthead-internal").all_inner_texts() == ["内部资料　　注意保存"]
    assert page.locator(".masthead-title").inner_text() == "工会工作简报"
    assert page.locator(".masthead-printed").count() == 2
    assert page.locator(".masthead-printed span").all_inner_texts() == [
        "2016年第7期（总第87期）",
        "苏州市总工会办公室编印",
        "二〇一六年五月二十日",
    ]
    assert page.locator(".footer-label").all_inner_texts() == ["报：", "送：", "发："]
    assert page.locator(".footer-copies").inner_text() == "（共印80份）"
    subtitle = page.locator(".article-body p.text-align-center")
    assert subtitle.inner_text() == "——记东湖区青年职工数控车床比赛"
    style = subtitle.evaluate("e => [getComputedStyle(e).textAlign, getComputedStyle(e).textIndent]")
    assert style == ["center", "0px"]
    body = page.locator(".article-body p:not(.text-align-center)").first
    assert body.evaluate("e => getComputedStyle(e).textAlign") == "justify"


def test_the_reader_page_shows_an_imported_issue_as_printed(live_server, page, screenshot, imported):
    log_in(page, live_server.url, "editor")  # an internal issue: for registered readers only
    page.goto(live_server.url + reverse("issue_detail", kwargs={"year": 2016, "number": 7}))
    check_printed(page)
    shoot(page, screenshot, "reader")


def test_the_desk_issue_page_shows_an_imported_issue_as_printed(live_server, page, screenshot, imported):
    log_in(page, live_server.url, "editor")
    page.goto(live_server.url + reverse("desk:issue_detail", args=[imported.pk]))
    check_printed(page)
    shoot(page, screenshot, "desk")
