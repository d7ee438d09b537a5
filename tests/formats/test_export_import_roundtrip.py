"""Property: any issue the format can express, built with the factories, survives export → import."""

import datetime

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin.models import Issue, Publication, Section
from distribution.models import IssueLine
from formats.exporters import export_issue
from formats.exporters.plaintext import html_to_paragraphs
from formats.importer.loader import ImportOptions
from formats.importer.runner import import_bulletin_data
from tests.factories import ArticleFactory, IssueFactory, UnitFactory

CHARACTERS = (
    "工会职工劳动竞赛技能创新服务企业社区街道总部门培训慰问开展举办召开推进建设活动全市基层组织0123456789"
)
UNITS = ["东湖区总工会", "青石镇总工会", "市教育工会", "市总生产部", "市总宣教部", "市总女职工部"]
GROUPS = ["省总工会", "市委办公室", "市四套班子有关领导", "各市（县）、区、局（公司）工会", "市总各部室"]

words = st.text(alphabet=CHARACTERS, min_size=2, max_size=12)
titles = (
    st.lists(words, min_size=1, max_size=3)
    .map(" ".join)
    .map(lambda t: t.replace(" ", "“", 1) + "”" if " " in t else t)
)
sentences = st.lists(words, min_size=1, max_size=4).map(lambda parts: "，".join(parts) + "。")
paragraphs = st.lists(sentences, min_size=1, max_size=3).map("".join)


@st.composite
def attributions(draw):
    """(byline as printed, unit names): full names, a shared 市总 prefix written once, or no unit."""
    kind = draw(st.sampled_from(["units", "shared", "none", "empty"]))
    if kind == "none":
        return "综合来稿", []
    if kind == "empty":
        return "", []
    if kind == "shared":
        names = draw(st.lists(st.sampled_from(UNITS[3:]), min_size=2, max_size=3, unique=True))
        return "、".join([names[0]] + [name.removeprefix("市总") for name in names[1:]]), names
    names = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=2, unique=True))
    return "、".join(names), names


@st.composite
def articles(draw, *, brief: bool):
    byline, units = draw(attributions())
    # A subtitle (——记…) is kept as a centred first line of the body.
    subtitle = None if brief else draw(st.none() | words.map(lambda word: f"——记{word}"))
    return {
        "title": draw(titles),
        "subtitle": subtitle,
        "paragraphs": [draw(paragraphs)] if brief else draw(st.lists(paragraphs, min_size=1, max_size=3)),
        "byline": byline,
        "units": units,
    }


@st.composite
def issues(draw):
    section_names = draw(
        st.lists(
            st.sampled_from(["工作动态", "创先争优", "立功竞赛", "工作简讯"]),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    return {
        "number": draw(st.integers(min_value=1, max_value=60)),
        "total_number": draw(st.none() | st.integers(min_value=1, max_value=2000)),
        "issue_date": draw(
            st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2035, 12, 31))
        ),
        "copies": draw(st.none() | st.integers(min_value=1, max_value=5000)),
        "visibility": draw(st.sampled_from(["public", "internal"])),
        "sections": {
            name: draw(st.lists(articles(brief=name == "工作简讯"), min_size=1, max_size=4))
            for name in section_names
        },
        "lines": {
            kind: "、".join(draw(st.lists(st.sampled_from(GROUPS), min_size=1, max_size=3, unique=True)))
            for kind in draw(st.lists(st.sampled_from(["report", "distribute", "copy"]), unique=True))
        },
    }


def build(spec) -> Issue:
    date = spec["issue_date"]
    issue = IssueFactory(
        year=date.year,
        number=spec["number"],
        total_number=spec["total_number"],
        issue_date=date,
        copies=spec["copies"],
        visibility=spec["visibility"],
        published=True,
    )
    for name, items in spec["sections"].items():
        section = Section.objects.get(name=name)
        for position, item in enumerate(items, start=1):
            ArticleFactory(
                title=item["title"],
                body=(f'<p class="text-align-center">{item["subtitle"]}</p>' if item["subtitle"] else "")
                + "".join(f"<p>{paragraph}</p>" for paragraph in item["paragraphs"]),
                byline=item["byline"],
                units=[UnitFactory(name=unit) for unit in item["units"]],
                status="published",
                published_at=issue.published_at,
                issue=issue,
                section=section,
                position=position,
            )
    for kind, text in spec["lines"].items():
        IssueLine.objects.create(issue=issue, kind=kind, text=text)
    return issue


def snapshot(issue: Issue) -> dict:
    return {
        "identity": (
            issue.year,
            issue.number,
            issue.total_number,
            issue.issue_date,
            issue.copies,
            issue.status,
            issue.visibility,
        ),
        "articles": [
            (
                article.section.name,
                article.position,
                article.title,
                html_to_paragraphs(article.body),
                article.body.startswith('<p class="text-align-center">'),
                article.byline,
                sorted(article.units.values_list("name", flat=True)),
                article.status,
            )
            for article in issue.articles.in_reading_order().select_related("section")
        ],
        "lines": {line.kind: line.display_text for line in issue.distribution_lines.all()},
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=issues())
def test_it_imports_an_exported_issue_as_the_same_issue(db, spec):
    with transaction.atomic():
        original = build(spec)
        before = snapshot(original)
        text = export_issue(issue=original, format_name="txt")
        report = import_bulletin_data(
            data=text,
            source="roundtrip.txt",
            options=ImportOptions(publication=Publication.objects.default(), replace=True),
        )
        assert report.error is None, report.error.describe(source=text.decode())
        assert snapshot(Issue.objects.get(pk=report.result.issue_id)) == before
        transaction.set_rollback(True)
