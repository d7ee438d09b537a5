"""Shared set-up for the reader-site tests: a fresh page cache, and issues built by factories with
invented content laid out like a real bulletin (four sections, the last one briefs, a footer)."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from articles.models import Article
from bulletin.models import Issue, Section
from distribution.models import RecipientGroup
from reader import cache as reader_cache
from tests.factories import ArticleFactory, IssueFactory, IssueLineFactory, UnitFactory

SUBJECTS = [
    "职工书屋",
    "技能比武",
    "困难职工帮扶",
    "法律服务",
    "劳模工作室",
    "工资协商",
    "安全生产",
    "女职工关爱",
]
PLACES = ["甲区", "乙镇", "丙市", "丁街道", "戊园区"]


@pytest.fixture(autouse=True)
def fresh_reader_cache():
    """Every reader page depends on the site token: a new one makes every cached page unreachable,
    without clearing a cache (Redis in the PostgreSQL run) that other test runs may share."""
    reader_cache.bump([reader_cache.SITE, reader_cache.CATALOGUE])
    yield
    reader_cache.bump([reader_cache.SITE, reader_cache.CATALOGUE])


def default_sections() -> list[Section]:
    """The four seeded sections in printed order; the last one is briefs."""
    return list(Section.objects.filter(slug__in=SEEDED_SLUGS).order_by("position"))


SEEDED_SLUGS = ["gongzuo-dongtai", "chuangxian-zhengyou", "ligong-jingsai", "gongzuo-jianxun"]


def article_title(year, number, section_index, position) -> str:
    subject = SUBJECTS[(section_index * 3 + position) % len(SUBJECTS)]
    place = PLACES[(section_index + position) % len(PLACES)]
    return f"{place}工会开展{subject}活动（{year}-{number}-{section_index + 1}-{position}）"


def build_issue(
    *,
    year=2026,
    number=1,
    per_section=(2, 1, 1, 3),
    visibility="public",
    published=True,
    copies=80,
    total_number=None,
    issue_date=None,
    footer=True,
    units=None,
    publication=None,
) -> Issue:
    """An issue with ``per_section[i]`` articles in the i-th default section."""
    now = timezone.now()
    issue = IssueFactory(
        **({"publication": publication} if publication else {}),
        year=year,
        number=number,
        total_number=total_number,
        issue_date=issue_date or datetime.date(year, min(number, 12), 10),
        visibility=visibility,
        copies=copies,
        status=Issue.Status.PUBLISHED if published else Issue.Status.DRAFTING,
        published_at=now if published else None,
    )
    units = units or [UnitFactory(name="甲区总工会"), UnitFactory(name="乙市总工会")]
    for section_index, (section, count) in enumerate(zip(default_sections(), per_section, strict=False)):
        for position in range(1, count + 1):
            unit = units[(section_index + position) % len(units)]
            title = article_title(year, number, section_index, position)
            if section.layout == Section.Layout.BRIEFS:
                body = f"<p>近日，{unit.name}组织骨干深入基层，共服务职工{position * 40}余人次。</p>"
            else:
                body = (
                    f"<p>{unit.name}日前召开专题会议，部署第{position}项重点工作。</p>"
                    f"<p>会议要求各基层工会细化措施、压实责任，确保工作落到实处。</p>"
                )
            ArticleFactory(
                title=title,
                body=body,
                issue=issue,
                section=section,
                position=position,
                byline=unit.name,
                units=[unit],
                status=Article.Status.PUBLISHED if published else Article.Status.ACCEPTED,
                published_at=now if published else None,
            )
    if footer:
        IssueLineFactory(issue=issue, kind="report", text="省总工会、市委办公室")
        line = IssueLineFactory(issue=issue, kind="distribute")
        line.groups.set(
            [
                RecipientGroup.objects.get_or_create(
                    name=name, defaults={"kind": "distribute", "position": position}
                )[0]
                for position, name in enumerate(["市有关领导", "各区（县）工会"], start=1)
            ]
        )
        IssueLineFactory(issue=issue, kind="copy", text="市总各部室")
    return issue


class _Collector(HTMLParser):
    """Texts of the elements whose class list contains ``css_class``, in document order."""

    def __init__(self, css_class):
        super().__init__()
        self.css_class = css_class
        self.depth = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += 1
        elif self.css_class in classes:
            self.depth = 1
            self.texts.append("")

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.texts[-1] += data


VOID = re.compile(r"<(br|img|hr|meta|link|input|col)\b[^>]*>", re.IGNORECASE)


def texts_of(html: str, css_class: str) -> list[str]:
    collector = _Collector(css_class)
    collector.feed(VOID.sub("", html))
    return [" ".join(text.split()) for text in collector.texts]


def content(response) -> str:
    return response.content.decode()
